// The desk's back-office views live in the fragment like the call room (`#/call/<id>`), so a
// reload keeps the view, the day and the clerk: `#/afspraken[/YYYY-MM-DD]`, `#/mobiel[/clerk[/YYYY-MM-DD]]`,
// the deliveries of a driver's day: `#/leveringen[/clerk[/YYYY-MM-DD]]`, the past calls: `#/historiek`, the desk's settings: `#/instellingen`,
// the supervisor's overview: `#/toezicht`, the impact dashboard: `#/impact[/YYYY-MM-DD/YYYY-MM-DD]`.

export type DeskSectionRoute =
  | { view: 'appointments'; date?: string }
  | { view: 'mobile'; clerkId?: string; date?: string }
  | { view: 'deliveries'; clerkId?: string; date?: string }
  | { view: 'history' }
  | { view: 'settings' }
  | { view: 'supervisor' }
  | { view: 'impact'; from?: string; to?: string };

const DATE = '(\\d{4}-\\d{2}-\\d{2})';
const CLERK = '([A-Za-z0-9_-]{1,64})';

export function deskSectionOf(hash: string): DeskSectionRoute | undefined {
  if (hash === '#/historiek') return { view: 'history' };
  if (hash === '#/instellingen') return { view: 'settings' };
  if (hash === '#/toezicht') return { view: 'supervisor' };
  let m = new RegExp(`^#/impact(?:/${DATE}/${DATE})?$`).exec(hash);
  if (m) return { view: 'impact', ...(m[1] && m[2] ? { from: m[1], to: m[2] } : {}) };
  m = new RegExp(`^#/afspraken(?:/${DATE})?$`).exec(hash);
  if (m) return { view: 'appointments', ...(m[1] ? { date: m[1] } : {}) };
  m = new RegExp(`^#/mobiel(?:/${CLERK}(?:/${DATE})?)?$`).exec(hash);
  if (m) return { view: 'mobile', ...(m[1] ? { clerkId: m[1] } : {}), ...(m[2] ? { date: m[2] } : {}) };
  m = new RegExp(`^#/leveringen(?:/${CLERK}(?:/${DATE})?)?$`).exec(hash);
  if (m) return { view: 'deliveries', ...(m[1] ? { clerkId: m[1] } : {}), ...(m[2] ? { date: m[2] } : {}) };
  return undefined;
}

export function deskSectionHash(r: DeskSectionRoute): string {
  if (r.view === 'appointments') return `#/afspraken${r.date ? `/${r.date}` : ''}`;
  if (r.view === 'history') return '#/historiek';
  if (r.view === 'settings') return '#/instellingen';
  if (r.view === 'supervisor') return '#/toezicht';
  if (r.view === 'impact') return `#/impact${r.from && r.to ? `/${r.from}/${r.to}` : ''}`;
  const base = r.view === 'deliveries' ? '#/leveringen' : '#/mobiel';
  return `${base}${r.clerkId ? `/${r.clerkId}${r.date ? `/${r.date}` : ''}` : ''}`;
}
