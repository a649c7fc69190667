// A bank transfer the citizen makes to the municipality: the account, and the EPC QR code
// ("BCD", the European Payments Council's SEPA credit transfer QR) that banking apps scan.
// Built in one place so the status page, the booking screens and the mail show the same.

/** ISO 13616: two letters, two check digits, up to 30 letters/digits; mod 97 of the rearranged number is 1. */
export function isValidIban(input: string): boolean {
  const iban = input.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  const numeric = rearranged.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return BigInt(numeric) % 97n === 1n;
}

/** ISO 9362: bank (4 letters), country (2 letters), location (2), optional branch (3). */
export function isValidBic(input: string): boolean {
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(input);
}

/** IBAN in groups of four, as printed on invoices: BE71 0961 2345 6769. */
export function formatIban(iban: string): string {
  return iban.replace(/\s+/g, '').toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

export interface BankAccount {
  /** The account holder's name as the bank knows it (≤ 70 characters). */
  beneficiary: string;
  iban: string;
  /** Optional inside the EEA (EPC QR version 002). */
  bic?: string;
}

export interface BankTransfer extends BankAccount {
  amountCents: number;
  /** Belgian structured communication, +++123/4567/89012+++. */
  structuredReference: string;
}

/**
 * The EPC QR payload (EPC069-12 v2.1 / version 002, UTF-8). The Belgian structured
 * communication goes in the structured remittance field as its 12 digits, as it does in a
 * SEPA transfer (creditor reference of issuer "BBA"), so the banking app fills it in as a
 * structured communication rather than free text; the free-text field stays empty (the
 * standard allows one of the two).
 */
export function epcQrPayload(t: BankTransfer): string {
  const digits = t.structuredReference.replace(/\D/g, '');
  if (digits.length !== 12) throw new Error('structured reference must have 12 digits');
  if (!isValidIban(t.iban)) throw new Error('invalid IBAN');
  if (t.bic !== undefined && !isValidBic(t.bic)) throw new Error('invalid BIC');
  if (!Number.isInteger(t.amountCents) || t.amountCents < 1 || t.amountCents > 99_999_999_999) throw new Error('amount out of range');
  const beneficiary = t.beneficiary.replace(/[\r\n]+/g, ' ').trim().slice(0, 70);
  if (!beneficiary) throw new Error('beneficiary name is empty');
  const amount = `EUR${Math.floor(t.amountCents / 100)}.${String(t.amountCents % 100).padStart(2, '0')}`;
  // The last filled element ends the payload: no separator after it (EPC069-12 §3.4).
  return ['BCD', '002', '1', 'SCT', t.bic ?? '', beneficiary, t.iban.replace(/\s+/g, '').toUpperCase(), amount, '', digits].join('\n');
}
