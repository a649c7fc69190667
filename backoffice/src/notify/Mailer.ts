import nodemailer, { type Transporter } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** An RFC 5545 calendar sent as text/calendar with the given METHOD. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  /** An HTML alternative of `text`, for images shown in line (`cid:` of an attachment). */
  html?: string;
  attachments?: { filename: string; contentType: string; content: Buffer; cid?: string }[];
  /** `<id@domain>`, the same on every attempt: receivers (and mail clients) see one message. */
  messageId?: string;
}

/** Sends mail; adapters: SMTP (nodemailer). */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface SmtpOptions {
  host: string;
  port: number;
  /** true = TLS from the start (465); false = STARTTLS when offered. */
  secure: boolean;
  user?: string;
  password?: string;
  /** Only for test servers with self-signed certificates. */
  allowSelfSigned?: boolean;
  from: string;
}

export class SmtpMailer implements Mailer {
  #transport: Transporter;

  constructor(private readonly options: SmtpOptions) {
    this.#transport = nodemailer.createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure,
      auth: options.user ? { user: options.user, pass: options.password ?? '' } : undefined,
      tls: options.allowSelfSigned ? { rejectUnauthorized: false } : undefined,
      connectionTimeout: 10_000,
    });
  }

  async send(m: MailMessage): Promise<void> {
    await this.#transport.sendMail({
      from: this.options.from,
      to: m.to,
      subject: m.subject,
      text: m.text,
      ...(m.messageId ? { messageId: m.messageId } : {}),
      ...(m.html ? { html: m.html } : {}),
      ...(m.attachments ? { attachments: m.attachments } : {}),
      // nodemailer adds the calendar as an alternative text/calendar; method=… part, which
      // mail clients show as an invitation (RFC 6047 iMIP).
      ...(m.calendar ? { icalEvent: { method: m.calendar.method, filename: 'invite.ics', content: m.calendar.content } } : {}),
    });
  }

  close(): void {
    this.#transport.close();
  }
}
