/** localStorage, or nothing where the browser blocks it (the settings then last one call). */
export function safeStorage(): Storage | undefined {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
}
