// What the standard Helvetica font (WinAnsiEncoding, ISO 32000-1 Annex D.2) can print.
// We refuse text it cannot print instead of silently changing a name on a legal document.
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

export function isPrintable(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || WIN_ANSI_EXTRA.includes(ch);
}

/** First character the forms' font cannot print, if any. */
export function unprintableChar(text: string): string | undefined {
  for (const ch of text.normalize('NFC')) if (!isPrintable(ch)) return ch;
  return undefined;
}

/** For the audit page: keep what prints and mark the rest with "?" (the exact names stay in the caller's audit trail). */
export function printable(text: string): string {
  return Array.from(text.normalize('NFC'), (ch) => (isPrintable(ch) ? ch : '?')).join('');
}
