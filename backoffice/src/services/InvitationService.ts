import { randomUUID } from 'node:crypto';
import { channelTraits, GoneError, InvitationCode, NotFoundError, UnavailableError, parseOrThrow, type InvitationPrefill } from '@videoloket/contracts';
import type { BackofficeDeps, Repos } from '../context';
import { repos } from '../context';
import type { InvitationRecord } from '../repositories/InvitationRepository';
import { addDays, localDate } from '../time';
import { hashSecret, newInvitationCode, normaliseInvitationCode } from '../tokens';
import type { CaseService } from './CaseService';

export interface InvitationRunResult {
  /** Cards in the window this run. */
  considered: number;
  /** New cases (and invitations) opened. */
  opened: number;
  sent: number;
  failed: number;
}

/**
 * The daily proactive-invitation job. Idempotent by construction: one invitation row per
 * (citizen, card expiry) under a unique constraint, and sending claims a row in the database
 * first, so a second run (or two runs at once) sends nothing twice.
 */
export class InvitationService {
  constructor(private readonly deps: BackofficeDeps, private readonly cases: CaseService) {}

  async run(): Promise<InvitationRunResult> {
    const { register, options, db } = this.deps;
    if (!register) throw new UnavailableError('No eID expiry register configured');
    const r = repos(db);
    const product = await r.products.get(options.invitations.productId);
    if (!product) throw new NotFoundError(`Unknown invitation product: ${options.invitations.productId}`);
    const today = localDate(this.deps.now(), options.timeZone);
    const cards = await register.expiring(today, addDays(today, options.invitations.windowDays));
    let opened = 0;
    for (const card of cards) {
      if (await r.invitations.exists(card.citizenKey, card.expiresOn)) continue;
      const caseId = randomUUID();
      // Case and invitation together or not at all; a concurrent run hitting the unique
      // constraint rolls back its case too.
      const queued = await db
        .transaction(async (tx) => {
          const ids = await this.cases.open(tx, { id: caseId, product, citizenName: card.name, email: card.email, phone: card.phone, language: card.language, planned: false });
          const ok = await repos(tx).invitations.insert({
            id: randomUUID(),
            citizenKey: card.citizenKey,
            expiresOn: card.expiresOn,
            productId: product.id,
            caseId,
            codeHash: hashSecret(`unsent:${randomUUID()}`),
            citizenName: card.name,
            email: card.email,
            phone: card.phone,
            language: card.language,
            address: card.address,
            lat: card.lat,
            lon: card.lon,
            reducedMobility: card.reducedMobility,
          });
          if (!ok) throw new DuplicateInvitation();
          return ids;
        })
        .catch((err) => {
          if (err instanceof DuplicateInvitation) return undefined;
          throw err;
        });
      if (queued) {
        opened++;
        await this.deps.outbox.flush(queued);
      }
    }

    let sent = 0;
    let failed = 0;
    for (;;) {
      // The code is only known at sending time (the database keeps its hash), and travels only
      // in the outbox message, which drops it once delivered. Claim and message commit together.
      const code = newInvitationCode();
      const queued = await db.transaction(async (tx) => {
        const inv = await repos(tx).invitations.claimUnsent(hashSecret(normaliseInvitationCode(code)), this.deps.now());
        return inv && this.deps.notifier.queueInvitation(tx, inv, code);
      });
      if (!queued) break;
      const out = await this.deps.outbox.flush(queued);
      sent += out.delivered;
      failed += out.failed;
    }
    this.deps.log.info({ considered: cards.length, opened, sent, failed }, 'invitation run');
    return { considered: cards.length, opened, sent, failed };
  }

  /** What the booking page prefills from a personal code. */
  async prefill(code: unknown): Promise<InvitationPrefill> {
    const c = parseOrThrow(InvitationCode, code, 'invitation code');
    const r = repos(this.deps.db);
    const inv = await usableInvitation(this.deps, r, c);
    const product = (await r.products.get(inv.productId))!;
    // Some channels (home visits) are offered only to citizens the register flags as having reduced mobility.
    const channels = product.channels.filter((ch) => !channelTraits(ch).reducedMobilityOnly || inv.reducedMobility);
    return {
      productId: product.id,
      channels,
      citizen: { name: inv.citizenName, ...(inv.email ? { email: inv.email } : {}), ...(inv.phone ? { phone: inv.phone } : {}), language: inv.language as InvitationPrefill['citizen']['language'] },
      ...(inv.address ? { address: { line: inv.address, ...(inv.lat !== undefined && inv.lon !== undefined ? { location: { lat: inv.lat, lon: inv.lon } } : {}) } } : {}),
      reducedMobility: inv.reducedMobility,
      expiresOn: inv.expiresOn,
    };
  }
}

class DuplicateInvitation extends Error {}

/**
 * The invitation behind a personal code, if it can still book: a code books once (marked used
 * in the booking's transaction) and expires `codeValidDays` after it was sent (issue 9: codes
 * were never marked used or expired, so a code from an old letter kept opening the case).
 */
export async function usableInvitation(deps: BackofficeDeps, r: Repos, code: string): Promise<InvitationRecord> {
  const inv = await r.invitations.byCodeHash(hashSecret(normaliseInvitationCode(code)));
  if (!inv?.sentAt) throw new NotFoundError('Unknown invitation code');
  if (inv.usedAt) throw new GoneError('This invitation code was already used to book an appointment');
  if (deps.now().getTime() >= inv.sentAt.getTime() + deps.options.invitations.codeValidDays * 86_400_000) {
    throw new GoneError('This invitation code has expired');
  }
  return inv;
}
