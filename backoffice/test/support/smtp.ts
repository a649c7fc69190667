import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

// A real SMTP server on loopback that keeps what it receives: the tests that follow mail
// (back office, booking abuse, the booking e2e) read the raw messages back from it.

export interface ReceivedMail {
  to: string[];
  raw: string;
}

export interface SmtpCapture {
  port: number;
  /** Every message so far, oldest first. */
  readonly inbox: ReceivedMail[];
  mailsTo(address: string): ReceivedMail[];
  /** Waits until mail to `address` has arrived (the server sends it after answering the request). */
  waitForMail(address: string, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** `port`: listen there (a test bringing a mail server back up where it was); default any free port. */
export async function startSmtpCapture(options: { port?: number } = {}): Promise<SmtpCapture> {
  const inbox: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  });
  smtp.listen(options.port ?? 0, '127.0.0.1');
  await once(smtp.server, 'listening');
  const mailsTo = (address: string) => inbox.filter((m) => m.to.includes(address));
  return {
    port: (smtp.server.address() as AddressInfo).port,
    inbox,
    mailsTo,
    async waitForMail(address, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const got = mailsTo(address);
        if (got.length > 0) return got;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no mail for ${address} within ${timeoutMs} ms`);
    },
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
