// Module resolve hook (registered by no-typescript.mjs): a process that would need
// TypeScript or tsx at run time fails on the first such module instead of loading it.
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (/\.[cm]?tsx?$/.test(new URL(resolved.url).pathname) || resolved.url.includes('/node_modules/tsx/')) {
    throw new Error(`needs TypeScript at run time: ${resolved.url} (imported as ${specifier})`);
  }
  return resolved;
}
