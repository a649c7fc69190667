import { describe, expect, it } from 'vitest';
import { assertNotAnOffice, nameSkeleton, resemblesClerkName } from './displayNames';

describe('display names that impersonate the municipality', () => {
  it.each([
    'Baliemedewerker',
    'baliemedewerker Gent',
    'Gemeente Gent',
    'Gemeentebalie',
    'Clerk',
    'The clerk',
    'ADMIN',
    'Guichetière',
    'Administration communale',
    // Cyrillic с/е, full-width letters, zero-width space, spaced letters, digits for letters.
    'сlеrk',
    'ＣＬＥＲＫ',
    'Gemeen\u200Bte',
    'c l e r k',
    'adm1n',
    'G3meente'.replace('3', 'e'),
    'Вaliemedewerker',
  ])('refuses %j', (name) => {
    expect(() => assertNotAnOffice(name)).toThrow(expect.objectContaining({ code: 'UNPROCESSABLE' }));
  });

  it.each(['Jan Peeters', 'Samira El Amrani', 'Clerkx', 'Mélanie Dubois', 'Ахмед', 'Lotte Balieu', 'Agentje'])('allows %j', (name) => {
    expect(() => assertNotAnOffice(name)).not.toThrow();
  });

  it('reads look-alikes of a clerk name as that name, and other names as different', () => {
    const clerks = ['Els Vermeulen', 'Baliemedewerker'];
    expect(resemblesClerkName('Els Vermeulen', clerks)).toBe(true);
    expect(resemblesClerkName('  els   VERMEULEN ', clerks)).toBe(true);
    expect(resemblesClerkName('Еls Vеrmeulen', clerks)).toBe(true); // Cyrillic Е/е
    expect(resemblesClerkName('Éls Verrneulen', clerks)).toBe(true); // accent, rn for m
    expect(resemblesClerkName('Els Vermeule', clerks)).toBe(false);
    expect(resemblesClerkName('Jan Peeters', clerks)).toBe(false);
    expect(nameSkeleton('ＥＬＳ')).toEqual(nameSkeleton('els'));
  });
});
