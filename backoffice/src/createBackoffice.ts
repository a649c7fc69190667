import pino, { type Logger } from 'pino';
import { NoCaseSystem, NoStatusPush, type CaseSystem, type StatusPush } from './adapters/CaseSystem';
import { HttpCitizenInbox, StoredCitizenInbox, type CitizenInbox } from './adapters/CitizenInbox';
import { DosisStatusPush } from './adapters/DosisStatusPush';
import type { EidExpiryRegister } from './adapters/EidRegister';
import { ManualPaymentProvider, type PaymentProvider } from './adapters/PaymentProvider';
import { ZgwCaseSystem } from './adapters/ZgwCaseSystem';
import type { BackofficeDeps, CreateJoinLink } from './context';
import type { Database } from './db/Database';
import type { Mailer } from './notify/Mailer';
import { Notifier } from './notify/Notifier';
import { LoggingSmsProvider, type SmsProvider } from './notify/SmsProvider';
import { outboxHandlers } from './outbox/handlers';
import { OutboxWorker } from './outbox/OutboxWorker';
import { BackofficeOptions, type BackofficeOptionsInput } from './options';
import { BookingService } from './services/BookingService';
import { CaseService } from './services/CaseService';
import { DeliveryService } from './services/DeliveryService';
import { ImpactService } from './impact/ImpactService';
import { InvitationService } from './services/InvitationService';
import { MobileCounterService } from './services/MobileCounterService';
import { DeadLetters } from './outbox/DeadLetters';
import { SlotService } from './services/SlotService';
import { ProductRepository } from './repositories/ProductRepository';

export interface CreateBackofficeInput {
  db: Database;
  options: BackofficeOptionsInput;
  createJoinLink: CreateJoinLink;
  log?: Logger;
  mailer?: Mailer;
  sms?: SmsProvider;
  register?: EidExpiryRegister;
  payments?: PaymentProvider;
  /** Override the adapters chosen by options.caseSystem / options.statusPush. */
  caseSystem?: CaseSystem;
  statusPush?: StatusPush;
  citizenInbox?: CitizenInbox;
  now?: () => Date;
}

export interface Backoffice {
  products: { list(): ReturnType<ProductRepository['list']> };
  slots: SlotService;
  bookings: BookingService;
  cases: CaseService;
  mobile: MobileCounterService;
  deliveries: DeliveryService;
  invitations: InvitationService;
  /** The impact dashboard's figures (issue 15 item 6). */
  impact: ImpactService;
  /** The outbox's worker (start/stop its polling) and what an administrator sees and does with it. */
  outbox: OutboxWorker;
  deadLetters: DeadLetters;
  deps: BackofficeDeps;
}

/** Wires the services from one options object and the collaborators; framework-agnostic. */
export function createBackoffice(input: CreateBackofficeInput): Backoffice {
  const options = BackofficeOptions.parse(input.options);
  const log = (input.log ?? pino({ level: 'info' })).child({ component: 'backoffice' });
  const base: Omit<BackofficeDeps, 'notifier' | 'outbox'> = {
    db: input.db,
    options,
    log,
    mailer: input.mailer,
    sms: input.sms ?? new LoggingSmsProvider(log.child({ component: 'sms' })),
    createJoinLink: input.createJoinLink,
    caseSystem: input.caseSystem ?? (options.caseSystem.kind === 'zgw' ? new ZgwCaseSystem(options.caseSystem) : new NoCaseSystem()),
    statusPush: input.statusPush ?? (options.statusPush.kind === 'dosis' ? new DosisStatusPush(options.statusPush) : new NoStatusPush()),
    inbox: input.citizenInbox ?? (options.citizenInbox.kind === 'http' ? new HttpCitizenInbox(options.citizenInbox) : new StoredCitizenInbox(input.db)),
    payments: input.payments ?? new ManualPaymentProvider(),
    register: input.register,
    now: input.now ?? (() => new Date()),
  };
  const deps = base as BackofficeDeps;
  deps.notifier = new Notifier(deps);
  deps.outbox = new OutboxWorker(deps.db, options.outbox, outboxHandlers(deps, deps.notifier), deps.now, log.child({ component: 'outbox' }));
  const slots = new SlotService(deps);
  const cases = new CaseService(deps);
  return {
    products: { list: () => new ProductRepository(deps.db).list() },
    slots,
    bookings: new BookingService(deps, slots, cases),
    cases,
    mobile: new MobileCounterService(deps),
    deliveries: new DeliveryService(deps, cases),
    invitations: new InvitationService(deps, cases),
    impact: new ImpactService(deps),
    outbox: deps.outbox,
    deadLetters: new DeadLetters(deps),
    deps,
  };
}
