import type { Logger } from 'pino';
import type { Database, Queryable } from './db/Database';
import type { BackofficeOptions } from './options';
import type { Mailer } from './notify/Mailer';
import type { SmsProvider } from './notify/SmsProvider';
import type { CaseSystem, StatusPush } from './adapters/CaseSystem';
import type { PaymentProvider } from './adapters/PaymentProvider';
import type { CitizenInbox } from './adapters/CitizenInbox';
import type { EidExpiryRegister } from './adapters/EidRegister';
import type { Notifier } from './notify/Notifier';
import type { OutboxWorker } from './outbox/OutboxWorker';
import { ProductRepository } from './repositories/ProductRepository';
import { ScheduleRepository } from './repositories/ScheduleRepository';
import { AppointmentRepository } from './repositories/AppointmentRepository';
import { CaseRepository } from './repositories/CaseRepository';
import { PaymentRepository } from './repositories/PaymentRepository';
import { InvitationRepository } from './repositories/InvitationRepository';
import { DeliveryRepository } from './repositories/DeliveryRepository';

/** Signalling owns the join-link format; the back office only asks for one. */
export type CreateJoinLink = (appointment: { id: string; caseId: string; startsAt: Date; endsAt: Date; citizenName: string }) => Promise<{ url: string; validFrom: Date }>;

export interface BackofficeDeps {
  db: Database;
  options: BackofficeOptions;
  log: Logger;
  /** Undefined: no mail is sent (logged instead). */
  mailer?: Mailer;
  sms: SmsProvider;
  createJoinLink: CreateJoinLink;
  caseSystem: CaseSystem;
  statusPush: StatusPush;
  inbox: CitizenInbox;
  payments: PaymentProvider;
  register?: EidExpiryRegister;
  /** Injected so tests can fix "now"; defaults to the wall clock. */
  now: () => Date;
  /** Writes citizen notices into the outbox and renders them when they are delivered. */
  notifier: Notifier;
  /** Delivers the outbox; services flush what their transaction wrote once it committed. */
  outbox: OutboxWorker;
}

export function repos(q: Queryable) {
  return {
    products: new ProductRepository(q),
    schedule: new ScheduleRepository(q),
    appointments: new AppointmentRepository(q),
    cases: new CaseRepository(q),
    payments: new PaymentRepository(q),
    invitations: new InvitationRepository(q),
    deliveries: new DeliveryRepository(q),
  };
}
export type Repos = ReturnType<typeof repos>;
