import unhomoglyph from 'unhomoglyph';
import { UnprocessableError } from '@videoloket/contracts';

// Issue 9, finding 7: "names that impersonate the clerk refused or marked". A citizen or
// interpreter chooses the name the clerk (and, once admitted, everyone) sees. Names that
// claim an office ("Baliemedewerker", "Gemeente Gent", "admin") are refused; a name that
// reads like a clerk's own name is allowed (people share names) but marked on the desk.

/**
 * Words that claim to speak for the municipality, in the supported languages (nl, fr, en).
 * `stem` words are refused inside a longer word too (Dutch compounds: "gemeentebalie",
 * "stadsmedewerker"); the others only as a whole word, so "Clerkx" or "Agentje" are not hit.
 */
const OFFICE_WORDS: { word: string; stem?: true }[] = [
  // nl
  { word: 'baliemedewerker', stem: true },
  { word: 'medewerker', stem: true },
  { word: 'gemeente', stem: true },
  { word: 'stadhuis', stem: true },
  { word: 'videoloket', stem: true },
  { word: 'loket' },
  { word: 'balie' },
  { word: 'beheerder' },
  { word: 'ambtenaar', stem: true },
  // fr
  { word: 'guichetier' },
  { word: 'guichetiere' },
  { word: 'administrateur' },
  { word: 'administration' },
  { word: 'commune' },
  { word: 'mairie' },
  { word: 'fonctionnaire' },
  // en
  { word: 'clerk' },
  { word: 'admin' },
  { word: 'administrator' },
  { word: 'municipality' },
  { word: 'council' },
  { word: 'staff' },
  { word: 'official' },
  { word: 'moderator' },
];

/**
 * What a name looks like rather than which code points it has: compatibility forms folded
 * (full-width, mathematical letters), accents and invisible characters dropped, Unicode's
 * confusables (UTS #39, via unhomoglyph: Cyrillic "с" → "c", "rn" ≈ "m") folded, and the
 * few ASCII look-alikes people type (1/l/| → i, 0 → o) on top. Returns the words.
 */
export function nameSkeleton(name: string): string[] {
  const plain = name
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}]/gu, '')
    .toLowerCase();
  return unhomoglyph(plain)
    .toLowerCase()
    .replace(/rn/g, 'm')
    .replace(/[1l|!]/g, 'i')
    .replace(/0/g, 'o')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

const OFFICE_SKELETONS = OFFICE_WORDS.map(({ word, stem }) => ({ skeleton: nameSkeleton(word).join(''), stem }));

/** Refuses a chosen name that claims an office (see OFFICE_WORDS). */
export function assertNotAnOffice(name: string): void {
  const words = nameSkeleton(name);
  const joined = words.join('');
  for (const { skeleton, stem } of OFFICE_SKELETONS) {
    // Spaced-out letters ("c l e r k") are caught by the joined form.
    const hit = stem ? joined.includes(skeleton) : words.includes(skeleton) || joined === skeleton;
    if (hit) throw new UnprocessableError('This name looks like a municipal employee. Please enter your own name.');
  }
}

/** True when `name` reads like one of `clerkNames` (same words once look-alikes are folded). */
export function resemblesClerkName(name: string, clerkNames: Iterable<string>): boolean {
  const skeleton = nameSkeleton(name).join(' ');
  if (!skeleton) return false;
  for (const clerk of clerkNames) if (nameSkeleton(clerk).join(' ') === skeleton) return true;
  return false;
}
