import path from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  createBackoffice,
  CsvEidRegister,
  openDatabase,
  seed,
  SmtpMailer,
  type Backoffice,
  type Database,
} from '@videoloket/backoffice';
import type { Logger } from 'pino';
import type { CallLinks } from './call/CallLinks';
import type { Config } from './config';
import { loadOrCreateSecret } from './secrets';

/** How long after the slot's end it keeps working (the call may overrun). */
const JOIN_LINK_GRACE_MINUTES = 120;

/** The call id of an appointment's video call: stable, so the link and the desk meet in one call. */
export const appointmentCallId = (appointmentId: string) => `appt-${appointmentId}`;

export interface RunningBackoffice {
  backoffice: Backoffice;
  db: Database;
  close(): Promise<void>;
}

/** Opens the database (PGlite or PostgreSQL), seeds the embedded demo data and starts the daily jobs. */
export async function startBackoffice(config: Config, links: CallLinks, logger: Logger): Promise<RunningBackoffice> {
  const log = logger.child({ component: 'backoffice' });
  const c = config.backoffice;
  const db = await openDatabase(
    c.databaseUrl ? { kind: 'postgres', connectionString: c.databaseUrl } : { kind: 'pglite', dataDir: path.join(config.dataDir, 'db') },
  );
  if (c.seed) await seed(db);

  const backoffice = createBackoffice({
    db,
    log,
    options: {
      linkSecret: await loadOrCreateSecret(config.dataDir, 'backoffice-links', c.linkSecret),
      timeZone: c.timeZone,
      publicBaseUrl: config.publicUrl,
      mobile: c.mobile,
      invitations: { productId: 'eid', windowDays: c.invitationWindowDays },
      caseSystem: c.caseSystem,
      statusPush: c.statusPush,
    },
    mailer: c.smtp ? new SmtpMailer({ ...c.smtp, from: c.mailFrom }) : undefined,
    register: c.eidRegisterCsv ? new CsvEidRegister(c.eidRegisterCsv) : undefined,
    async createJoinLink(appointment) {
      // How long before the slot the link works: config JOIN_LINK_EARLY_MINUTES (issue: 15 minutes).
      const validFrom = new Date(appointment.startsAt.getTime() - c.joinLinkEarlyMinutes * 60_000);
      const link = await links.create({
        callId: appointmentCallId(appointment.id),
        linkId: randomUUID(),
        role: 'citizen',
        suggestedName: appointment.citizenName,
        scheduled: true,
        validFrom,
        expiresAt: new Date(appointment.endsAt.getTime() + JOIN_LINK_GRACE_MINUTES * 60_000),
      });
      return { url: link.url, validFrom };
    },
  });

  // Both jobs are idempotent (nothing is sent twice), so running them often only
  // shortens the delay after a restart or a failed send.
  if (!c.eidRegisterCsv) log.info('no EID_REGISTER_CSV configured: proactive eID invitations are off');
  const runJobs = async () => {
    try {
      if (c.eidRegisterCsv) await backoffice.invitations.run();
      await backoffice.bookings.sendReminders();
    } catch (err) {
      log.error({ err }, 'back-office job failed; retried next round');
    }
  };
  const timer = setInterval(() => void runJobs(), c.jobIntervalMinutes * 60_000).unref();
  void runJobs();

  return {
    backoffice,
    db,
    async close() {
      clearInterval(timer);
      await db.close();
    },
  };
}
