// The Belgian national register number (rijksregisternummer / numéro de registre national):
// 11 digits YYMMDD SSS CC. The check number CC is 97 − (the first nine digits mod 97); for
// someone born in 2000 or later a 2 is put before those nine digits first. The century is not
// in the number, so a number is valid when either rule gives its check digits. BIS numbers
// (month + 20 or + 40) follow the same rule.

/** Digits only: `85.07.30-033.28` and `85073003328` are the same number. */
export function normalizeNationalNumber(input: string): string {
  return input.replace(/[\s.-]/g, '');
}

export function isValidNationalNumber(input: string): boolean {
  const digits = normalizeNationalNumber(input);
  if (!/^\d{11}$/.test(digits)) return false;
  const base = Number(digits.slice(0, 9));
  const check = Number(digits.slice(9));
  return check === 97 - (base % 97) || check === 97 - ((2_000_000_000 + base) % 97);
}

/** `85073003328` → `85.07.30-033.28`, the way it is printed on the identity card. */
export function formatNationalNumber(digits: string): string {
  return `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)}-${digits.slice(6, 9)}.${digits.slice(9, 11)}`;
}
