import { channelTraits, citizenLinks, formatIban, type AppointmentChannel, type PaymentView, type ProductView } from '@videoloket/contracts';
import QRCode from 'qrcode';
import type { BackofficeDeps } from '../context';
import { repos } from '../context';
import type { Queryable } from '../db/Database';
import type { AppointmentNoticeKind, Notice } from '../outbox/messages';
import { OutboxRepository } from '../outbox/OutboxRepository';
import { PermanentDeliveryError } from '../outbox/OutboxWorker';
import type { AppointmentRecord } from '../repositories/AppointmentRepository';
import type { CaseRecord } from '../repositories/CaseRepository';
import { paymentView } from '../repositories/PaymentRepository';
import { derivedToken } from '../tokens';
import { buildInvite } from './calendar';
import { citizenTextBlock } from './citizenText';
import type { MailMessage } from './Mailer';
import { citizenTexts, languageOf, type CitizenTexts, type Language } from './texts';

export interface AppointmentLinks {
  manageUrl: string;
  statusUrl: string;
  joinLink?: { url: string; validFrom: Date };
}

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
type Channel = 'mail' | 'sms' | 'inbox';

/** A message for the citizen's inbox in their government profile (CitizenInbox). */
export interface InboxMessage {
  type: 'status' | 'payment';
  caseReference: string;
  language: Language;
  subject: string;
  body: string;
  link: string;
}

interface Rendered {
  to: Contact;
  language: Language;
  mail: Omit<MailMessage, 'to'>;
  sms: string;
}

/**
 * Mail (with iCalendar), SMS and citizen-inbox messages for appointments, statuses, payment
 * requests and invitations, through the outbox: `queue*` writes the notices in the caller's
 * transaction; the outbox worker has them written from the records, in the citizen's language
 * (citizenTexts), and sent. Logs never hold addresses or texts.
 */
export class Notifier {
  constructor(private readonly deps: BackofficeDeps) {}

  /** Appointment notices go by mail and by SMS, to what the citizen gave. */
  async queueAppointment(tx: Queryable, kind: AppointmentNoticeKind, a: AppointmentRecord): Promise<string[]> {
    return this.queue(tx, a.caseId, { type: 'appointment', kind, appointmentId: a.id }, [a.email ? 'mail' : undefined, a.phone ? 'sms' : undefined]);
  }

  /** A status change reaches the citizen's inbox; with `notify`, also by mail (or SMS to a citizen without an address). */
  async queueStatus(tx: Queryable, c: CaseRecord, status: string, message: string | undefined, notify: boolean): Promise<string[]> {
    return this.queue(tx, c.id, { type: 'status', status, ...(message ? { message } : {}) }, [notify ? this.firstChannel(c) : undefined, 'inbox']);
  }

  /** A payment request reaches the citizen's inbox (the booking's mail already carries it). */
  async queuePayment(tx: Queryable, caseId: string, paymentId: string): Promise<string[]> {
    return this.queue(tx, caseId, { type: 'payment', paymentId }, ['inbox']);
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

  async inbox(caseId: string, notice: Notice): Promise<InboxMessage | undefined> {
    if (notice.type !== 'status' && notice.type !== 'payment') throw new PermanentDeliveryError(`no inbox message for a ${notice.type} notice`);
    const r = repos(this.deps.db);
    const c = await r.cases.get(caseId);
    if (!c) throw new PermanentDeliveryError('the case of this notice is gone');
    const language = languageOf(c.language);
    const link = statusUrl(this.deps, caseId);
    if (notice.type === 'status') {
      const product = (await r.products.get(c.productId))!;
      const m = this.status(c, product.name[language], notice.status, link, language, notice.message);
      return { type: 'status', caseReference: c.reference, language, subject: m.mail.subject, body: m.body, link };
    }
    const payment = await r.payments.get(notice.paymentId);
    if (!payment || payment.caseId !== caseId) throw new PermanentDeliveryError('the payment of this notice is gone');
    const texts = citizenTexts[language];
    const lines = paymentLines(paymentView(payment, this.deps.options.bankAccount), texts).lines;
    return { type: 'payment', caseReference: c.reference, language, subject: texts.payment.inboxSubject(c.reference), body: lines.join('\n'), link };
  }

  private async render(caseId: string, notice: Notice): Promise<Rendered | undefined> {
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
        const language = languageOf(a.language);
        return { to: a, language, ...(await this.appointment(notice.kind, a, product, links, language, payment && paymentView(payment, this.deps.options.bankAccount))) };
      }
      case 'status': {
        const c = await r.cases.get(caseId);
        if (!c) throw new PermanentDeliveryError('the case of this notice is gone');
        const product = (await r.products.get(c.productId))!;
        const language = languageOf(c.language);
        return { to: c, language, ...this.status(c, product.name[language], notice.status, statusUrl(this.deps, caseId), language, notice.message) };
      }
      case 'invitation': {
        const inv = await r.invitations.get(notice.invitationId);
        if (!inv || inv.caseId !== caseId) throw new PermanentDeliveryError('the invitation of this notice is gone');
        const product = (await r.products.get(inv.productId))!;
        const language = languageOf(inv.language);
        return { to: inv, language, ...this.invitation(inv.citizenName, product.name[language], inv.expiresOn, notice.code, citizenLinks.booking(this.deps.options.publicBaseUrl, notice.code), language) };
      }
      case 'payment':
        throw new PermanentDeliveryError('a payment notice goes to the inbox only');
    }
  }

  private when(a: { startsAt: Date; endsAt: Date }, channel: AppointmentChannel, texts: CitizenTexts): string {
    const fmt = new Intl.DateTimeFormat(texts.locale, { timeZone: this.deps.options.timeZone, dateStyle: 'full', timeStyle: 'short' });
    const span = `${fmt.format(a.startsAt)} – ${this.time(a.endsAt, texts)}`;
    return channelTraits(channel).slots === 'window' ? `${span} (${texts.appointment.window})` : span;
  }

  private time(at: Date, texts: CitizenTexts): string {
    return new Intl.DateTimeFormat(texts.locale, { timeZone: this.deps.options.timeZone, timeStyle: 'short' }).format(at);
  }

  private async appointment(
    kind: AppointmentNoticeKind,
    a: AppointmentRecord,
    product: ProductView,
    links: AppointmentLinks,
    language: Language,
    payment?: PaymentView,
  ): Promise<{ mail: Omit<MailMessage, 'to'>; sms: string }> {
    const { options } = this.deps;
    const texts = citizenTexts[language];
    const words = texts.appointment;
    const what = product.name[language];
    const when = this.when(a, a.channel, texts);
    const channel = channelTraits(a.channel);
    const channelWords = texts.channels[a.channel];
    const address = channel.needsAddress ? a.address : undefined;
    const subject = words.subject[kind](what);
    // The greeting names nobody: what the citizen typed only appears, quoted, in the block at the end.
    const lines = [texts.greeting, '', kind === 'cancellation' ? words.cancelled : words.yours(channelWords.name), `${what} — ${when}`, `${words.caseLabel}: ${a.caseReference}`];
    if (channelWords.note) lines.push(channelWords.note);
    if (product.kit.length > 0 && kind !== 'cancellation') lines.push(`${words.bring}: ${product.kit.join(', ')}`);
    if (links.joinLink && kind !== 'cancellation') lines.push('', words.join(this.time(links.joinLink.validFrom, texts)), links.joinLink.url);
    const transfer = kind !== 'cancellation' && payment?.status === 'open' ? paymentLines(payment, texts) : undefined;
    if (transfer) lines.push('', ...transfer.lines);
    if (kind !== 'cancellation') lines.push('', `${words.manage}: ${links.manageUrl}`);
    lines.push(`${words.follow}: ${links.statusUrl}`);
    lines.push(...citizenTextBlock(texts.asTyped, [[texts.nameLabel, a.citizenName], [texts.addressLabel, address]]));
    lines.push('', texts.signature);

    // RFC 5546: a revision and the reminder re-send REQUEST with the current SEQUENCE;
    // a cancellation is METHOD:CANCEL with a SEQUENCE higher than any sent before.
    const method = kind === 'cancellation' ? 'CANCEL' : 'REQUEST';
    const calendar = buildInvite({
      appointmentId: a.id,
      method,
      sequence: a.sequence,
      start: a.startsAt,
      end: a.endsAt,
      summary: `${what} (${channelWords.name})`,
      description: lines.join('\n'),
      location: address ?? (channel.joinLink ? links.joinLink?.url : undefined),
      url: links.joinLink?.url ?? links.statusUrl,
      organizer: options.organizer,
      ...(a.email ? { attendee: { name: a.citizenName, email: a.email } } : {}),
      timeZone: options.timeZone,
      domain: options.calendarDomain,
    });
    const text = lines.join('\n');
    const qr = transfer?.qr && (await paymentQrAttachment(transfer.qr.payload, texts));
    return {
      mail: {
        subject,
        text,
        calendar: { method, content: calendar },
        // The QR code travels as an inline image of an HTML alternative and, for text-only readers, as an attachment.
        ...(qr ? { html: htmlWithImage(text, qr.cid, transfer!.qr!.alt, language), attachments: [qr] } : {}),
      },
      sms: `${subject}. ${when}. ${kind === 'cancellation' ? '' : links.manageUrl}`.trim(),
    };
  }

  private status(c: CaseRecord, productName: string, status: string, url: string, language: Language, message?: string): { mail: Omit<MailMessage, 'to'>; sms: string; body: string } {
    const texts = citizenTexts[language];
    const name = texts.status.names[status] ?? status;
    const body = [texts.status.line(c.reference, productName, name), ...(message ? [message] : [])].join('\n');
    const text = [texts.greeting, '', body, '', `${texts.status.follow}: ${url}`, ...citizenTextBlock(texts.asTyped, [[texts.nameLabel, c.citizenName]])].join('\n');
    const subject = texts.status.subject(c.reference, name);
    return { mail: { subject, text }, sms: `${subject}. ${url}`, body };
  }

  private invitation(name: string, productName: string, expiresOn: string, code: string, bookingUrl: string, language: Language): { mail: Omit<MailMessage, 'to'>; sms: string } {
    const words = citizenTexts[language].invitation;
    const text = [words.dear(name), '', words.expires(productName, expiresOn), `${words.code}: ${code}`, `${words.book}: ${bookingUrl}`].join('\n');
    return { mail: { subject: words.subject(productName), text }, sms: words.sms(productName, expiresOn, code, bookingUrl) };
  }
}

/** The payment block of a mail or inbox message: every field in words, and the EPC QR payload when the account is known. */
function paymentLines(p: PaymentView, texts: CitizenTexts): { lines: string[]; qr?: { payload: string; alt: string } } {
  const words = texts.payment;
  const amount = new Intl.NumberFormat(texts.locale, { style: 'currency', currency: 'EUR' }).format(p.amountCents / 100);
  if (!p.transfer) return { lines: [words.toPayWithReference(amount, p.structuredReference)] };
  const iban = formatIban(p.transfer.iban);
  return {
    lines: [words.toPay(amount), words.account(iban, p.transfer.bic, p.transfer.beneficiary), words.reference(p.structuredReference), words.scan(words.qrFilename)],
    qr: { payload: p.transfer.epcQr, alt: words.qrAlt(amount, iban, p.structuredReference) },
  };
}

async function paymentQrAttachment(payload: string, texts: CitizenTexts) {
  const content = await QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width: 264 });
  return { filename: texts.payment.qrFilename, contentType: 'image/png', content, cid: 'betaling-qr@videoloket' };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The text mail as HTML paragraphs (nothing the citizen typed becomes markup) with the image after it. */
function htmlWithImage(text: string, cid: string, alt: string, language: Language): string {
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  return `<!doctype html><html lang="${language}"><body>${paragraphs.join('')}<p><img src="cid:${cid}" width="264" height="264" alt="${escapeHtml(alt)}"></p></body></html>`;
}
