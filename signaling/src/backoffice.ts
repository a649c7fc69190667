import { randomUUID } from 'node:crypto';
import {
  createBackoffice,
  CsvEidRegister,
  seed,
  SmtpMailer,
  type Backoffice,
  type Database,
} from '@videoloket/backoffice';
import type { Logger } from 'pino';
import { BookingChallenges } from './abuse/BookingChallenges';
import { BookingGuard } from './abuse/BookingGuard';
import type { CallLinks } from './call/CallLinks';
import type { CallRecords } from './call/records/CallRecords';
import type { Config } from './config';
import { loadOrCreateSecret } from './secrets';
import type { SharedState } from './state/SharedState';

/** How long after the slot's end it keeps working (the call may overrun). */
const JOIN_LINK_GRACE_MINUTES = 120;

export interface RunningBackoffice {
  backoffice: Backoffice;
  /** Challenges and limits of the anonymous booking route. */
  challenges: BookingChallenges;
  guard: BookingGuard;
  close(): Promise<void>;
}

/**
 * Seeds the embedded demo data and starts the daily jobs on the project database (opened by
 * the caller). `calls` records each appointment's call, to which its join link leads.
 */
export async function startBackoffice(config: Config, db: Database, deps: { links: CallLinks; calls: CallRecords; state: SharedState }, logger: Logger): Promise<RunningBackoffice> {
  const log = logger.child({ component: 'backoffice' });
  const c = config.backoffice;
  if (c.seed) await seed(db);

  const linkSecret = await loadOrCreateSecret(config.dataDir, 'backoffice-links', c.linkSecret);
  const backoffice = createBackoffice({
    db,
    log,
    options: {
      linkSecret,
      timeZone: c.timeZone,
      publicBaseUrl: config.publicUrl,
      mobile: c.mobile,
      impact: c.impact,
      invitations: { productId: 'eid', windowDays: c.invitationWindowDays, codeValidDays: c.invitationCodeValidDays },
      caseSystem: c.caseSystem,
      statusPush: c.statusPush,
      outbox: c.outbox,
      citizenInbox: c.citizenInbox,
      bankAccount: c.bankAccount,
    },
    mailer: c.smtp ? new SmtpMailer({ ...c.smtp, from: c.mailFrom }) : undefined,
    register: c.eidRegisterCsv ? new CsvEidRegister(c.eidRegisterCsv) : undefined,
    async createJoinLink(appointment) {
      // How long before the slot the link works: config JOIN_LINK_EARLY_MINUTES (issue: 15 minutes).
      const validFrom = new Date(appointment.startsAt.getTime() - c.joinLinkEarlyMinutes * 60_000);
      const expiresAt = new Date(appointment.endsAt.getTime() + JOIN_LINK_GRACE_MINUTES * 60_000);
      // The link leads to the appointment's call record (made now, as scheduled), not to a name derived from the appointment.
      const callId = await deps.calls.scheduleForAppointment(appointment, expiresAt);
      const link = await deps.links.create({
        callId,
        linkId: randomUUID(),
        role: 'citizen',
        suggestedName: appointment.citizenName,
        scheduled: true,
        validFrom,
        expiresAt,
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
  // Delivers what an earlier run left (a restart, a receiver that was down) and every retry.
  backoffice.outbox.start();

  // Shared by every node when REDIS_URL is set (state/SharedState.ts), else kept in this process.
  const b = c.booking;
  const challenges = new BookingChallenges({ secret: linkSecret, difficulty: b.powDifficulty, ttlSeconds: b.powTtlSeconds, spent: deps.state.singleUse('booking-challenge') });
  const guard = new BookingGuard(challenges, {
    perIpHour: deps.state.limiter({ name: 'booking-ip-hour', points: b.perIpHour, durationSeconds: 3600 }),
    perIpDay: deps.state.limiter({ name: 'booking-ip-day', points: b.perIpDay, durationSeconds: 86_400 }),
    perContactDay: deps.state.limiter({ name: 'booking-contact-day', points: b.perContactDay, durationSeconds: 86_400 }),
  });

  return {
    backoffice,
    challenges,
    guard,
    async close() {
      clearInterval(timer);
      await backoffice.outbox.stop();
    },
  };
}
