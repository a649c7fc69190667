import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { LocalDate } from '@videoloket/contracts';

/** One eID card that expires soon, from the population register. */
export interface ExpiringCard {
  /** Stable key of the citizen in the register (a pseudonym; never shown in logs). */
  citizenKey: string;
  name: string;
  email?: string;
  phone?: string;
  language: 'nl' | 'fr' | 'en';
  address?: string;
  lat?: number;
  lon?: number;
  /** YYYY-MM-DD */
  expiresOn: string;
  reducedMobility: boolean;
}

/** Source of expiring eIDs; adapters: CSV file (embedded default), the real register later. */
export interface EidExpiryRegister {
  readonly kind: string;
  /** Cards expiring on a date in [from, until] (YYYY-MM-DD, inclusive). */
  expiring(from: string, until: string): Promise<ExpiringCard[]>;
}

const Row = z.object({
  citizen_key: z.string().min(1).max(100),
  name: z.string().min(1).max(120),
  email: z.email().max(254).optional(),
  phone: z.string().regex(/^\+[1-9]\d{7,14}$/).optional(),
  language: z.enum(['nl', 'fr', 'en']).catch('nl'),
  address: z.string().max(200).optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
  lon: z.coerce.number().min(-180).max(180).optional(),
  expires_on: LocalDate,
  reduced_mobility: z.string().optional(),
});

/**
 * Reads a CSV export (header line, comma-separated, double quotes for fields with commas):
 * citizen_key,name,email,phone,language,address,lat,lon,expires_on,reduced_mobility
 * Bad rows are reported and skipped, never half-imported.
 */
export class CsvEidRegister implements EidExpiryRegister {
  readonly kind = 'csv';
  readonly problems: string[] = [];
  constructor(private readonly path: string) {}

  async expiring(from: string, until: string): Promise<ExpiringCard[]> {
    const lines = (await readFile(this.path, 'utf8')).split(/\r?\n/).filter((l) => l.trim() !== '');
    const header = parseCsvLine(lines[0] ?? '');
    this.problems.length = 0;
    const out: ExpiringCard[] = [];
    for (let n = 1; n < lines.length; n++) {
      const cells = parseCsvLine(lines[n]!);
      const record = Object.fromEntries(header.map((h, i) => [h.trim(), cells[i]?.trim() || undefined]));
      const parsed = Row.safeParse(record);
      if (!parsed.success) {
        this.problems.push(`line ${n + 1}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        continue;
      }
      const r = parsed.data;
      if (r.expires_on < from || r.expires_on > until) continue;
      out.push({
        citizenKey: r.citizen_key,
        name: r.name,
        email: r.email,
        phone: r.phone,
        language: r.language,
        address: r.address,
        lat: r.lat,
        lon: r.lon,
        expiresOn: r.expires_on,
        reducedMobility: /^(1|true|yes|ja|oui)$/i.test(r.reduced_mobility ?? ''),
      });
    }
    return out;
  }
}

export function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}
