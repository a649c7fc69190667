import { formatIban, type PaymentView, type ProductView } from '@videoloket/contracts';
import QRCode from 'qrcode';
import type { BackofficeDeps } from '../context';
import type { AppointmentRecord } from '../repositories/AppointmentRepository';
import { buildInvite } from './calendar';
import { citizenTextBlock } from './citizenText';
import type { MailMessage } from './Mailer';

export interface AppointmentLinks {
  manageUrl: string;
  statusUrl: string;
  joinLink?: { url: string; validFrom: Date };
}

export type Delivery = 'sent' | 'failed' | 'skipped';

/** Heading of the block with what the citizen typed: the municipality did not write or check it. */
const AS_TYPED_NL = 'Zoals u het zelf invulde bij het maken van de afspraak (niet nagekeken door de stad):';

const CHANNEL_NL: Record<string, string> = {
  video: 'videogesprek',
  counter: 'aan het loket',
  home_visit: 'huisbezoek',
  neighbourhood_office: 'in het wijkkantoor',
};

/**
 * Mail (with iCalendar) and SMS for appointments, statuses and invitations. Sending is best
 * effort after the transaction committed: a mail server outage never undoes a booking; the
 * outcome is returned and logged (without addresses).
 */
export class Notifier {
  constructor(private readonly deps: BackofficeDeps) {}

  private when(a: { startsAt: Date; endsAt: Date }, channel: string): string {
    const fmt = new Intl.DateTimeFormat('nl-BE', { timeZone: this.deps.options.timeZone, dateStyle: 'full', timeStyle: 'short' });
    const t = new Intl.DateTimeFormat('nl-BE', { timeZone: this.deps.options.timeZone, timeStyle: 'short' });
    return channel === 'home_visit' ? `${fmt.format(a.startsAt)} – ${t.format(a.endsAt)} (tijdvak)` : `${fmt.format(a.startsAt)} – ${t.format(a.endsAt)}`;
  }

  async appointment(
    kind: 'confirmation' | 'update' | 'reminder' | 'cancellation',
    a: AppointmentRecord,
    product: ProductView,
    links: AppointmentLinks,
    payment?: PaymentView,
  ): Promise<{ mail: Delivery; sms: Delivery }> {
    const { options } = this.deps;
    const what = product.name.nl;
    const when = this.when(a, a.channel);
    const subject = {
      confirmation: `Bevestiging afspraak: ${what}`,
      update: `Gewijzigde afspraak: ${what}`,
      reminder: `Herinnering: morgen uw afspraak ${what}`,
      cancellation: `Geannuleerd: afspraak ${what}`,
    }[kind];
    // The greeting names nobody: what the citizen typed only appears, quoted, in the block at the end.
    const lines = [
      'Goedendag,',
      '',
      kind === 'cancellation' ? `Uw afspraak is geannuleerd:` : `Uw afspraak (${CHANNEL_NL[a.channel]}):`,
      `${what} — ${when}`,
      `Dossier: ${a.caseReference}`,
    ];
    if (a.channel === 'home_visit' && a.address) lines.push('Huisbezoek op het adres hieronder. We bellen aan binnen het tijdvak; het uur volgt uit de route van die dag.');
    if (product.kit.length > 0 && kind !== 'cancellation') lines.push(`Breng mee / voorzien: ${product.kit.join(', ')}`);
    if (links.joinLink && kind !== 'cancellation') {
      lines.push('', `Deelnemen aan het videogesprek (vanaf ${new Intl.DateTimeFormat('nl-BE', { timeZone: options.timeZone, timeStyle: 'short' }).format(links.joinLink.validFrom)}):`, links.joinLink.url);
    }
    const transfer = kind !== 'cancellation' && payment?.status === 'open' ? paymentLines(payment) : undefined;
    if (transfer) lines.push('', ...transfer.lines);
    if (kind !== 'cancellation') lines.push('', `Verplaatsen of annuleren: ${links.manageUrl}`);
    lines.push(`Uw dossier volgen: ${links.statusUrl}`);
    lines.push(...citizenTextBlock(AS_TYPED_NL, [['Naam', a.citizenName], ['Adres', a.channel === 'home_visit' ? a.address : undefined]]));
    lines.push('', 'Stad — Videoloket');

    let mail: Delivery = 'skipped';
    if (a.email) {
      // RFC 5546: a revision and the reminder re-send REQUEST with the current SEQUENCE;
      // a cancellation is METHOD:CANCEL with a SEQUENCE higher than any sent before.
      const method = kind === 'cancellation' ? 'CANCEL' : 'REQUEST';
      const calendar = buildInvite({
        appointmentId: a.id,
        method,
        sequence: a.sequence,
        start: a.startsAt,
        end: a.endsAt,
        summary: `${what} (${CHANNEL_NL[a.channel]})`,
        description: lines.join('\n'),
        location: a.channel === 'home_visit' ? a.address : a.channel === 'video' ? links.joinLink?.url : undefined,
        url: links.joinLink?.url ?? links.statusUrl,
        organizer: options.organizer,
        attendee: { name: a.citizenName, email: a.email },
        timeZone: options.timeZone,
        domain: options.calendarDomain,
      });
      const text = lines.join('\n');
      const qr = transfer?.qr && (await paymentQrAttachment(transfer.qr.payload));
      mail = await this.mail(
        {
          to: a.email,
          subject,
          text,
          calendar: { method, content: calendar },
          // The QR code travels as an inline image of an HTML alternative and, for text-only readers, as an attachment.
          ...(qr ? { html: htmlWithImage(text, qr.cid, transfer!.qr!.alt), attachments: [qr] } : {}),
        },
        kind,
      );
    }
    let sms: Delivery = 'skipped';
    if (a.phone) sms = await this.sms(a.phone, `${subject}. ${when}. ${kind === 'cancellation' ? '' : links.manageUrl}`.trim(), kind);
    return { mail, sms };
  }

  async status(to: { email?: string; phone?: string; name: string }, reference: string, productName: string, status: string, statusUrl: string, message?: string): Promise<void> {
    const text = [
      'Goedendag,',
      '',
      `Uw dossier ${reference} (${productName}) heeft een nieuwe status: ${status}.`,
      ...(message ? [message] : []),
      '',
      `Volg uw dossier: ${statusUrl}`,
      ...citizenTextBlock(AS_TYPED_NL, [['Naam', to.name]]),
    ].join('\n');
    if (to.email) await this.mail({ to: to.email, subject: `Dossier ${reference}: ${status}`, text }, 'status');
    else if (to.phone) await this.sms(to.phone, `Dossier ${reference}: ${status}. ${statusUrl}`, 'status');
  }

  async invitation(to: { email?: string; phone?: string; name: string }, productName: string, expiresOn: string, code: string, bookingUrl: string): Promise<Delivery> {
    const text = [
      `Beste ${to.name},`,
      '',
      `Uw ${productName} vervalt op ${expiresOn}. Maak een afspraak om een nieuwe aan te vragen.`,
      `Uw persoonlijke code: ${code}`,
      `Afspraak maken: ${bookingUrl}`,
    ].join('\n');
    if (to.email) return this.mail({ to: to.email, subject: `Uw ${productName} vervalt binnenkort`, text }, 'invitation');
    if (to.phone) return this.sms(to.phone, `Uw ${productName} vervalt op ${expiresOn}. Code ${code}: ${bookingUrl}`, 'invitation');
    return 'skipped';
  }

  private async mail(m: MailMessage, kind: string): Promise<Delivery> {
    if (!this.deps.mailer) {
      this.deps.log.info({ kind }, 'no mailer configured: mail not sent');
      return 'skipped';
    }
    try {
      await this.deps.mailer.send(m);
      return 'sent';
    } catch (err) {
      this.deps.log.warn({ kind, err: (err as Error).message }, 'mail failed');
      return 'failed';
    }
  }

  private async sms(to: string, text: string, kind: string): Promise<Delivery> {
    try {
      await this.deps.sms.send(to, text);
      return 'sent';
    } catch (err) {
      this.deps.log.warn({ kind, err: (err as Error).message }, 'sms failed');
      return 'failed';
    }
  }
}

const euro = new Intl.NumberFormat('nl-BE', { style: 'currency', currency: 'EUR' });

/** The payment block of a mail: every field in words, and the EPC QR payload when the account is known. */
function paymentLines(p: PaymentView): { lines: string[]; qr?: { payload: string; alt: string } } {
  const amount = euro.format(p.amountCents / 100);
  if (!p.transfer) return { lines: [`Te betalen: ${amount}, met gestructureerde mededeling ${p.structuredReference}.`] };
  const iban = formatIban(p.transfer.iban);
  return {
    lines: [
      `Te betalen: ${amount}`,
      `Op rekening ${iban}${p.transfer.bic ? ` (BIC ${p.transfer.bic})` : ''} van ${p.transfer.beneficiary}`,
      `Met gestructureerde mededeling ${p.structuredReference}`,
      'Of scan de QR-code (bijlage betaling-qr.png) met uw bankapp: bedrag, rekening en mededeling staan er al in.',
    ],
    qr: { payload: p.transfer.epcQr, alt: `QR-code voor een overschrijving van ${amount} naar ${iban} met mededeling ${p.structuredReference}` },
  };
}

async function paymentQrAttachment(payload: string) {
  const content = await QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width: 264 });
  return { filename: 'betaling-qr.png', contentType: 'image/png', content, cid: 'betaling-qr@videoloket' };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The text mail as HTML paragraphs (nothing the citizen typed becomes markup) with the image after it. */
function htmlWithImage(text: string, cid: string, alt: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  return `<!doctype html><html lang="nl"><body>${paragraphs.join('')}<p><img src="cid:${cid}" width="264" height="264" alt="${escapeHtml(alt)}"></p></body></html>`;
}
