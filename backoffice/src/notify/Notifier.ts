import { channelTraits, citizenLinks, formatIban, type AppointmentChannel, type PaymentView, type ProductView } from '@videoloket/contracts';
import QRCode from 'qrcode';
import type { BackofficeDeps } from '../context';
import { repos } from '../context';
import type { Queryable } from '../db/Database';
import type { Notice } from '../outbox/messages';
import { OutboxRepository } from '../outbox/OutboxRepository';
import { PermanentDeliveryError } from '../outbox/OutboxWorker';
import type { AppointmentRecord } from '../repositories/AppointmentRepository';
import type { CaseRecord } from '../repositories/CaseRepository';
import { paymentView } from '../repositories/PaymentRepository';
import { derivedToken } from '../tokens';
import { buildInvite } from './calendar';
import { citizenTextBlock } from './citizenText';
import type { MailMessage } from './Mailer';

export interface AppointmentLinks {
  manageUrl: string;
  statusUrl: string;
  joinLink?: { url: string; validFrom: Date };
}

/** Heading of the block with what the citizen typed: the municipality did not write or check it. */
const AS_TYPED_NL = 'Zoals u het zelf invulde bij het maken van de afspraak (niet nagekeken door de stad):';

/** The mail's words per channel (its traits are in contracts' channels.ts): a name, and what to expect. */
const CHANNEL_NL: Record<AppointmentChannel, { name: string; note?: string }> = {
  video: { name: 'videogesprek' },
  counter: { name: 'aan het loket' },
  home_visit: { name: 'huisbezoek', note: 'Huisbezoek op het adres hieronder. We bellen aan binnen het tijdvak; het uur volgt uit de route van die dag.' },
  neighbourhood_office: { name: 'in het wijkkantoor' },
};

/** The citizen's private links of an appointment: manage (reschedule, cancel) and the case's status page. */
export function appointmentLinks(deps: BackofficeDeps, a: { id: string; caseId: string }): AppointmentLinks {
  const { publicBaseUrl: base, linkSecret } = deps.options;
  return { manageUrl: citizenLinks.manage(base, derivedToken(linkSecret, 'manage', a.id)), statusUrl: statusUrl(deps, a.caseId) };
}

export function statusUrl(deps: BackofficeDeps, caseId: string): string {
  return citizenLinks.status(deps.options.publicBaseUrl, derivedToken(deps.options.linkSecret, 'status', caseId));
}

/** Adds the join link of a video appointment (made by signalling, which records the call). */
export async function withJoinLink(deps: BackofficeDeps, a: AppointmentRecord, links: AppointmentLinks): Promise<AppointmentLinks> {
  if (!channelTraits(a.channel).joinLink) return links;
  const join = await deps.createJoinLink({ id: a.id, caseId: a.caseId, startsAt: a.startsAt, endsAt: a.endsAt, citizenName: a.citizenName });
  return { ...links, joinLink: join };
}

type Contact = { email?: string; phone?: string };
type Channel = 'mail' | 'sms';

/**
 * Mail (with iCalendar) and SMS for appointments, statuses and invitations, through the
 * outbox: `queue*` writes the notices in the caller's transaction; the outbox worker has
 * them written (`mail`, `sms`) from the records and sent. Texts are rendered without
 * addresses in the logs.
 */
export class Notifier {
  constructor(private readonly deps: BackofficeDeps) {}

  /** Appointment notices go by mail and by SMS, to what the citizen gave. */
  async queueAppointment(tx: Queryable, kind: Extract<Notice, { type: 'appointment' }>['kind'], a: AppointmentRecord): Promise<string[]> {
    return this.queue(tx, a.caseId, { type: 'appointment', kind, appointmentId: a.id }, [a.email ? 'mail' : undefined, a.phone ? 'sms' : undefined]);
  }

  /** A status change goes by mail, or by SMS to a citizen without an address. */
  async queueStatus(tx: Queryable, c: CaseRecord, status: string, message?: string): Promise<string[]> {
    return this.queue(tx, c.id, { type: 'status', status, ...(message ? { message } : {}) }, [this.firstChannel(c)]);
  }

  async queueInvitation(tx: Queryable, inv: { id: string; caseId: string } & Contact, code: string): Promise<string[]> {
    return this.queue(tx, inv.caseId, { type: 'invitation', invitationId: inv.id, code }, [this.firstChannel(inv)]);
  }

  private firstChannel(to: Contact): Channel | undefined {
    return to.email ? 'mail' : to.phone ? 'sms' : undefined;
  }

  private async queue(tx: Queryable, caseId: string, notice: Notice, channels: (Channel | undefined)[]): Promise<string[]> {
    const outbox = new OutboxRepository(tx);
    const ids: string[] = [];
    for (const channel of channels) {
      if (!channel) continue;
      if (channel === 'mail' && !this.deps.mailer) {
        this.deps.log.info({ notice: notice.type }, 'no mailer configured: mail not sent');
        continue;
      }
      ids.push(await outbox.enqueue({ kind: channel, caseId, payload: notice }, this.deps.now()));
    }
    return ids;
  }

  /** The mail of a notice, as the records are now; undefined when there is nothing (left) to say. */
  async mail(caseId: string, notice: Notice, idempotencyKey: string): Promise<MailMessage | undefined> {
    const m = await this.render(caseId, notice);
    if (!m?.to.email) return undefined;
    // A stable Message-ID: a mail sent twice (worker died before it could record the first) is one message to the receiver.
    return { ...m.mail, to: m.to.email, messageId: `<${idempotencyKey}@${this.deps.options.calendarDomain}>` };
  }

  async sms(caseId: string, notice: Notice): Promise<{ to: string; text: string } | undefined> {
    const m = await this.render(caseId, notice);
    return m?.to.phone ? { to: m.to.phone, text: m.sms } : undefined;
  }

  private async render(caseId: string, notice: Notice): Promise<{ to: Contact; mail: Omit<MailMessage, 'to'>; sms: string } | undefined> {
    const r = repos(this.deps.db);
    switch (notice.type) {
      case 'appointment': {
        const a = await r.appointments.get(notice.appointmentId);
        if (!a || a.caseId !== caseId) throw new PermanentDeliveryError('the appointment of this notice is gone');
        // A confirmation or reminder still waiting when the appointment was cancelled: the cancellation (queued after it) says what is true.
        if (a.status === 'cancelled' && notice.kind !== 'cancellation') return undefined;
        const product = (await r.products.get(a.productId))!;
        const links = notice.kind === 'cancellation' ? appointmentLinks(this.deps, a) : await withJoinLink(this.deps, a, appointmentLinks(this.deps, a));
        const payment = notice.kind === 'cancellation' ? undefined : await r.payments.byCase(a.caseId);
        return { to: a, ...(await this.appointment(notice.kind, a, product, links, payment && paymentView(payment, this.deps.options.bankAccount))) };
      }
      case 'status': {
        const c = await r.cases.get(caseId);
        if (!c) throw new PermanentDeliveryError('the case of this notice is gone');
        const product = (await r.products.get(c.productId))!;
        return { to: c, ...this.status(c, product.name.nl, notice.status, statusUrl(this.deps, caseId), notice.message) };
      }
      case 'invitation': {
        const inv = await r.invitations.get(notice.invitationId);
        if (!inv || inv.caseId !== caseId) throw new PermanentDeliveryError('the invitation of this notice is gone');
        const product = (await r.products.get(inv.productId))!;
        return { to: inv, ...this.invitation(inv.citizenName, product.name.nl, inv.expiresOn, notice.code, citizenLinks.booking(this.deps.options.publicBaseUrl, notice.code)) };
      }
    }
  }

  private when(a: { startsAt: Date; endsAt: Date }, channel: AppointmentChannel): string {
    const fmt = new Intl.DateTimeFormat('nl-BE', { timeZone: this.deps.options.timeZone, dateStyle: 'full', timeStyle: 'short' });
    const t = new Intl.DateTimeFormat('nl-BE', { timeZone: this.deps.options.timeZone, timeStyle: 'short' });
    const span = `${fmt.format(a.startsAt)} – ${t.format(a.endsAt)}`;
    return channelTraits(channel).slots === 'window' ? `${span} (tijdvak)` : span;
  }

  private async appointment(
    kind: 'confirmation' | 'update' | 'reminder' | 'cancellation',
    a: AppointmentRecord,
    product: ProductView,
    links: AppointmentLinks,
    payment?: PaymentView,
  ): Promise<{ mail: Omit<MailMessage, 'to'>; sms: string }> {
    const { options } = this.deps;
    const what = product.name.nl;
    const when = this.when(a, a.channel);
    const channel = channelTraits(a.channel);
    const address = channel.needsAddress ? a.address : undefined;
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
      kind === 'cancellation' ? `Uw afspraak is geannuleerd:` : `Uw afspraak (${CHANNEL_NL[a.channel].name}):`,
      `${what} — ${when}`,
      `Dossier: ${a.caseReference}`,
    ];
    const note = CHANNEL_NL[a.channel].note;
    if (note) lines.push(note);
    if (product.kit.length > 0 && kind !== 'cancellation') lines.push(`Breng mee / voorzien: ${product.kit.join(', ')}`);
    if (links.joinLink && kind !== 'cancellation') {
      lines.push('', `Deelnemen aan het videogesprek (vanaf ${new Intl.DateTimeFormat('nl-BE', { timeZone: options.timeZone, timeStyle: 'short' }).format(links.joinLink.validFrom)}):`, links.joinLink.url);
    }
    const transfer = kind !== 'cancellation' && payment?.status === 'open' ? paymentLines(payment) : undefined;
    if (transfer) lines.push('', ...transfer.lines);
    if (kind !== 'cancellation') lines.push('', `Verplaatsen of annuleren: ${links.manageUrl}`);
    lines.push(`Uw dossier volgen: ${links.statusUrl}`);
    lines.push(...citizenTextBlock(AS_TYPED_NL, [['Naam', a.citizenName], ['Adres', address]]));
    lines.push('', 'Stad — Videoloket');

    // RFC 5546: a revision and the reminder re-send REQUEST with the current SEQUENCE;
    // a cancellation is METHOD:CANCEL with a SEQUENCE higher than any sent before.
    const method = kind === 'cancellation' ? 'CANCEL' : 'REQUEST';
    const calendar = buildInvite({
      appointmentId: a.id,
      method,
      sequence: a.sequence,
      start: a.startsAt,
      end: a.endsAt,
      summary: `${what} (${CHANNEL_NL[a.channel].name})`,
      description: lines.join('\n'),
      location: address ?? (channel.joinLink ? links.joinLink?.url : undefined),
      url: links.joinLink?.url ?? links.statusUrl,
      organizer: options.organizer,
      ...(a.email ? { attendee: { name: a.citizenName, email: a.email } } : {}),
      timeZone: options.timeZone,
      domain: options.calendarDomain,
    });
    const text = lines.join('\n');
    const qr = transfer?.qr && (await paymentQrAttachment(transfer.qr.payload));
    return {
      mail: {
        subject,
        text,
        calendar: { method, content: calendar },
        // The QR code travels as an inline image of an HTML alternative and, for text-only readers, as an attachment.
        ...(qr ? { html: htmlWithImage(text, qr.cid, transfer!.qr!.alt), attachments: [qr] } : {}),
      },
      sms: `${subject}. ${when}. ${kind === 'cancellation' ? '' : links.manageUrl}`.trim(),
    };
  }

  private status(c: CaseRecord, productName: string, status: string, url: string, message?: string): { mail: Omit<MailMessage, 'to'>; sms: string } {
    const text = [
      'Goedendag,',
      '',
      `Uw dossier ${c.reference} (${productName}) heeft een nieuwe status: ${status}.`,
      ...(message ? [message] : []),
      '',
      `Volg uw dossier: ${url}`,
      ...citizenTextBlock(AS_TYPED_NL, [['Naam', c.citizenName]]),
    ].join('\n');
    return { mail: { subject: `Dossier ${c.reference}: ${status}`, text }, sms: `Dossier ${c.reference}: ${status}. ${url}` };
  }

  private invitation(name: string, productName: string, expiresOn: string, code: string, bookingUrl: string): { mail: Omit<MailMessage, 'to'>; sms: string } {
    const text = [
      `Beste ${name},`,
      '',
      `Uw ${productName} vervalt op ${expiresOn}. Maak een afspraak om een nieuwe aan te vragen.`,
      `Uw persoonlijke code: ${code}`,
      `Afspraak maken: ${bookingUrl}`,
    ].join('\n');
    return { mail: { subject: `Uw ${productName} vervalt binnenkort`, text }, sms: `Uw ${productName} vervalt op ${expiresOn}. Code ${code}: ${bookingUrl}` };
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
