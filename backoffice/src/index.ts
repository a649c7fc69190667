// @videoloket/backoffice: appointments, cases, the mobile counter, invitations, payments.
export { createBackoffice, type Backoffice, type CreateBackofficeInput } from './createBackoffice';
export { BackofficeOptions, type BackofficeOptionsInput } from './options';
export type { BackofficeDeps, CreateJoinLink } from './context';
export type { Database, Queryable } from './db/Database';
export { openDatabase, type DatabaseOptions } from './db/openDatabase';
export { migrate, migrations } from './db/migrations';
export { seed } from './seed/seed';
export { SmtpMailer, type Mailer, type MailMessage, type SmtpOptions } from './notify/Mailer';
export { LoggingSmsProvider, type SmsProvider } from './notify/SmsProvider';
export { NoCaseSystem, NoStatusPush, type CaseSystem, type StatusPush, type StatusUpdate, type ExternalCase } from './adapters/CaseSystem';
export { ZgwCaseSystem } from './adapters/ZgwCaseSystem';
export { DosisStatusPush } from './adapters/DosisStatusPush';
export { CsvEidRegister, type EidExpiryRegister, type ExpiringCard } from './adapters/EidRegister';
export { ManualPaymentProvider, type PaymentProvider } from './adapters/PaymentProvider';
export { signedJoinLinks } from './joinLink';
export { planRoute, haversineKm } from './mobile/routePlanner';
export { formatStructuredCommunication, isValidStructuredCommunication } from './structuredCommunication';
