import { z } from 'zod';
import { isValidBic, isValidIban } from '@videoloket/contracts';

// The back office's configuration, passed in by the process's config module (the only
// reader of process.env). Defaults here are the embedded `npm start` defaults.

export const ZgwOptions = z.strictObject({
  kind: z.literal('zgw'),
  /** e.g. https://openzaak.example.nl — the Zaken API is at /zaken/api/v1, Documenten at /documenten/api/v1. */
  baseUrl: z.url(),
  clientId: z.string().min(1),
  secret: z.string().min(16),
  /** RSIN of the municipality (9 digits). */
  rsin: z.string().regex(/^\d{9}$/),
  /** Zaaktype URL per product id. */
  zaaktypen: z.record(z.string(), z.url()),
  /** Statustype URL per status name; statuses without one are not pushed. */
  statustypen: z.record(z.string(), z.url()),
  informatieobjecttype: z.url().optional(),
});

export const DosisOptions = z.strictObject({
  kind: z.literal('dosis'),
  /** Endpoint that receives status updates. */
  url: z.url(),
  apiKey: z.string().min(16),
  /** Identifies us as the dossier holder ("dossierbeheerder"), e.g. the KBO/OVO number. */
  holderId: z.string().min(1),
});

/**
 * The citizen's inbox in a government citizen profile, over HTTP (shaped after a profile's
 * message API: one message per case status change and payment request, in the citizen's
 * language). Check the field names against the profile's onboarding before production.
 */
export const HttpInboxOptions = z.strictObject({
  kind: z.literal('http'),
  url: z.url(),
  apiKey: z.string().min(16),
  /** Identifies the municipality as sender, e.g. its KBO/OVO number. */
  senderId: z.string().min(1),
});

export const OutboxOptions = z.strictObject({
  /** Attempts before a message is dead (shown to administrators, who retry or discard it). */
  maxAttempts: z.number().int().min(1).max(50).default(10),
  /** The wait after the first failed attempt; doubled after each next one. */
  retryBaseSeconds: z.number().min(0).default(30),
  retryMaxSeconds: z.number().min(1).default(6 * 3600),
  /** How long a claimed message is left to its worker; a worker that died mid-delivery frees it after this. */
  leaseSeconds: z.number().min(1).default(120),
  pollSeconds: z.number().min(0.05).default(10),
  batchSize: z.number().int().min(1).max(500).default(20),
});
export type OutboxOptions = z.infer<typeof OutboxOptions>;

export const BackofficeOptions = z.strictObject({
  /** Signs the private manage/status links (HMAC-SHA256). No default: the config module generates and persists one for the embedded default. */
  linkSecret: z.string().min(32),
  timeZone: z.string().default('Europe/Brussels'),
  /** Where the citizen pages live: manage/status links are made from it. */
  publicBaseUrl: z.url().default('http://localhost:3000'),
  /** Domain used in iCalendar UIDs. */
  calendarDomain: z.string().default('videoloket.local'),
  organizer: z.strictObject({ name: z.string(), email: z.email() }).default({ name: 'Videoloket', email: 'noreply@videoloket.local' }),
  slotStepMinutes: z.number().int().min(5).max(120).default(15),
  /** Earliest bookable moment: now + this. */
  minLeadMinutes: z.number().int().min(0).default(60),
  /** How far ahead citizens may book. */
  horizonDays: z.number().int().min(1).max(365).default(90),
  /** A slot search covers at most this many days. */
  maxSearchDays: z.number().int().min(1).max(62).default(31),
  mobile: z
    .strictObject({
      depot: z.strictObject({ lat: z.number(), lon: z.number() }),
      speedKmh: z.number().positive().default(30),
      bufferMinutes: z.number().int().min(0).default(10),
    })
    .default({ depot: { lat: 51.0543, lon: 3.7251 }, speedKmh: 30, bufferMinutes: 10 }),
  /** Delivery products (issue 15 item 5): the mobile counter's clerks drive; routes start at mobile.depot. */
  delivery: z
    .strictObject({
      /** The citizen picks from the first this many days, from tomorrow, on which a driver works and has room. */
      datesOffered: z.number().int().min(1).max(20).default(5),
      /** How far ahead to look for them. */
      searchDays: z.number().int().min(1).max(90).default(21),
      perDriverPerDay: z.number().int().min(1).max(200).default(40),
      /** At the door: hand over, signature. */
      stopMinutes: z.number().int().min(1).max(60).default(5),
    })
    .default({ datesOffered: 5, searchDays: 21, perDriverPerDay: 40, stopMinutes: 5 }),
  impact: z
    .strictObject({
      /** kg CO2 per km by car, for the travel the impact dashboard counts as avoided; stated on the page. */
      co2KgPerKm: z.number().min(0).max(5).default(0.15),
    })
    .default({ co2KgPerKm: 0.15 }),
  invitations: z
    .strictObject({
      productId: z.string().default('eid'),
      /** Invite citizens whose card expires within this many days. */
      windowDays: z.number().int().min(1).max(365).default(60),
      /** A code books once, within this many days after it was sent (issue 9: codes never expired). */
      codeValidDays: z.number().int().min(1).max(365).default(90),
    })
    .default({ productId: 'eid', windowDays: 60, codeValidDays: 90 }),
  /** The municipality's account for fees: the citizen sees it with an EPC QR code. None: reference only. */
  bankAccount: z
    .strictObject({
      beneficiary: z.string().min(1).max(70),
      iban: z.string().refine(isValidIban, 'invalid IBAN'),
      bic: z.string().refine(isValidBic, 'invalid BIC').optional(),
    })
    .optional(),
  caseSystem: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('none') }), ZgwOptions]).default({ kind: 'none' }),
  outbox: OutboxOptions.default(OutboxOptions.parse({})),
  /** `stored` (embedded default): messages kept with the case and shown on its status page. */
  citizenInbox: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('stored') }), HttpInboxOptions]).default({ kind: 'stored' }),
  statusPush: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('none') }), DosisOptions]).default({ kind: 'none' }),
});
export type BackofficeOptions = z.infer<typeof BackofficeOptions>;
export type BackofficeOptionsInput = z.input<typeof BackofficeOptions>;
