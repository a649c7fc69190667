import type { Mailer, MailMessage } from '../../src/notify/Mailer';

/** Collects messages for the job tests; the SMTP path itself is tested in mail.test.ts against a real server. */
export class RecordingMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  failNext = 0;
  async send(m: MailMessage): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('simulated SMTP outage');
    }
    this.sent.push(m);
  }
  close(): void {}
}
