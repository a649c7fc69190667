// A small RFC 5545 reader for tests: unfolds lines (§3.1) and returns the properties of
// the VCALENDAR and of its first VEVENT.

export interface ParsedIcs {
  calendar: Record<string, string>;
  event: Record<string, string>;
  /** Parameters per event property, e.g. DTSTART → { TZID: 'Europe/Brussels' }. */
  eventParams: Record<string, Record<string, string>>;
}

export function parseIcs(text: string): ParsedIcs {
  const lines = text.replace(/\r\n[ \t]/g, '').split(/\r?\n/).filter((l) => l.length > 0);
  const calendar: Record<string, string> = {};
  const event: Record<string, string> = {};
  const eventParams: Record<string, Record<string, string>> = {};
  const stack: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    const head = line.slice(0, colon);
    const value = line.slice(colon + 1);
    const [name, ...params] = head.split(';');
    if (name === 'BEGIN') {
      stack.push(value);
      continue;
    }
    if (name === 'END') {
      stack.pop();
      continue;
    }
    const where = stack[stack.length - 1];
    if (where === 'VCALENDAR') calendar[name!] = value;
    if (where === 'VEVENT' && !(name! in event)) {
      event[name!] = value;
      eventParams[name!] = Object.fromEntries(params.map((p) => p.split('=') as [string, string]));
    }
  }
  return { calendar, event, eventParams };
}

/** DTSTART/DTEND in UTC form (…Z) or with TZID: returns the instant. */
export function icsInstant(value: string, params: Record<string, string> = {}): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/.exec(value);
  if (!m) throw new Error(`not a DATE-TIME: ${value}`);
  if (m[7] !== 'Z' && !params.TZID) throw new Error('floating time in an invite');
  if (m[7] === 'Z') return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  throw new Error(`TZID times not handled by this reader: ${params.TZID}`);
}
