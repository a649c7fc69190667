// The audit page appended to every finalised document: what was signed, by whom, when,
// in which call, over which exact content (SHA-256 of the document as shown for signing),
// and who sealed it. Dutch first, with English under each heading.
import { StandardFonts, rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import type { SealerInfo } from './pades/sealer';
import type { FormField } from './fields';
import type { SignatureRecord } from './session';
import { printable } from './text';

export interface AuditInfo {
  title: string;
  formId?: string;
  callId: string;
  shownHash: string;
  signatures: readonly SignatureRecord[];
  fields: readonly FormField[];
  seal: SealerInfo;
  sealedAt: Date;
  /** An appointment's call whose citizen booked signed in with the government login (issue 15 item 1): the name it vouched for. */
  identityVerifiedName?: string;
}

const ROLE_NL = { citizen: 'burger', clerk: 'ambtenaar', interpreter: 'tolk' } as const;
const A4 = [595.28, 841.89] as const;
const MARGIN = 50;

/** Dutch local time with the UTC offset, plus UTC: unambiguous for any reader. */
export function formatTime(date: Date): string {
  const local = new Intl.DateTimeFormat('nl-NL', {
    timeZone: 'Europe/Amsterdam',
    dateStyle: 'long',
    timeStyle: 'long',
  }).format(date);
  return `${local} (${date.toISOString().replace(/\.\d{3}Z$/, 'Z')})`;
}

class Writer {
  y: number;
  constructor(
    readonly page: PDFPage,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.y = A4[1] - MARGIN;
  }
  line(text: string, opts: { size?: number; bold?: boolean; color?: [number, number, number]; indent?: number } = {}): void {
    const size = opts.size ?? 10;
    this.page.drawText(printable(text), {
      x: MARGIN + (opts.indent ?? 0),
      y: this.y - size,
      size,
      font: opts.bold ? this.bold : this.regular,
      color: rgb(...(opts.color ?? [0.1, 0.12, 0.16])),
    });
    this.y -= size + 5;
  }
  gap(points = 8): void {
    this.y -= points;
  }
  heading(nl: string, en: string): void {
    this.gap(6);
    this.line(nl, { size: 12, bold: true, color: [0, 0.32, 0.55] });
    this.line(en, { size: 8, color: [0.38, 0.4, 0.45] });
  }
  entry(label: string, value: string, indent = 0): void {
    this.page.drawText(printable(label), { x: MARGIN + indent, y: this.y - 9.5, size: 9.5, font: this.regular, color: rgb(0.38, 0.4, 0.45) });
    this.page.drawText(printable(value), { x: MARGIN + indent + 150, y: this.y - 9.5, size: 9.5, font: this.regular, color: rgb(0.1, 0.12, 0.16) });
    this.y -= 15;
  }
}

export async function appendAuditPage(doc: PDFDocument, audit: AuditInfo): Promise<void> {
  const page = doc.addPage([...A4]);
  const w = new Writer(page, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  const mono = await doc.embedFont(StandardFonts.Courier);
  w.line('Auditpagina', { size: 20, bold: true });
  w.line('Audit page - added by Videoloket when the document was finalised and sealed', { size: 9, color: [0.38, 0.4, 0.45] });

  w.heading('Document', 'Document');
  w.entry('Titel', audit.title);
  w.entry('Formulier', audit.formId ?? 'eigen PDF uit het gesprek');
  w.entry('Videogesprek', audit.callId);
  w.entry('Pagina\'s ondertekend', String(doc.getPageCount() - 1));
  w.line('SHA-256 van het document zoals getoond bij ondertekening (SHA-256 of the document as shown for signing):', { size: 9.5 });
  page.drawText(audit.shownHash, { x: MARGIN, y: w.y - 9.5, size: 9.5, font: mono });
  w.y -= 18;

  if (audit.identityVerifiedName !== undefined) {
    w.heading('Identiteit burger', "Citizen's identity");
    w.entry('Geverifieerd', `via de overheidslogin bij het boeken: ${audit.identityVerifiedName}`);
    w.line('Verified through the government login when the appointment was booked.', { size: 8, color: [0.38, 0.4, 0.45] });
  }

  w.heading('Ondertekend door', 'Signed by');
  for (const sig of audit.signatures) {
    const field = audit.fields.find((f) => f.name === sig.fieldName);
    w.line(`${sig.signer.displayName} (${ROLE_NL[sig.signer.role]})`, { bold: true });
    w.entry('Handtekeningveld', field ? `${field.label.nl} (pagina ${field.page + 1})` : sig.fieldName, 12);
    w.entry('Deelnemer-id', sig.signer.participantId, 12);
    w.entry('Getekend op', formatTime(sig.signedAt), 12);
    // Issue 17: a typed name is a simple electronic signature and says so.
    w.entry('Wijze', sig.kind === 'typed' ? 'getypte naam (typed signature)' : 'getekend (drawn signature)', 12);
    w.gap(4);
  }

  w.heading('Verzegeling', 'Seal');
  w.entry('Verzegeld door', audit.seal.subject);
  w.entry('Verzegeld op', formatTime(audit.sealedAt));
  w.entry('Soort handtekening', `PAdES baseline ${audit.seal.level} (ETSI EN 319 142-1)`);
  w.entry('Tijdstempel', audit.seal.timestamped ? 'ja, van een RFC 3161-tijdstempeldienst' : 'nee');
  w.entry('Certificaat SHA-256', audit.seal.certificateSha256.slice(0, 32));
  w.entry('', audit.seal.certificateSha256.slice(32));
  if (audit.seal.selfSigned) {
    w.gap(6);
    w.line('Let op: het zegelcertificaat is zelfondertekend (ingebouwde standaardinstelling).', { bold: true, color: [0.6, 0.2, 0 ] });
    w.line('PDF-lezers tonen het zegel daarom als niet vertrouwd; de integriteit van het document is wel controleerbaar.', { size: 9 });
    w.line('Note: the sealing certificate is self-signed (embedded default); readers will not trust its issuer.', { size: 8, color: [0.38, 0.4, 0.45] });
  }
  w.gap(10);
  w.line('Controleer het zegel in een PDF-lezer of met: pdfsig <bestand>.pdf', { size: 9, color: [0.38, 0.4, 0.45] });
}
