import { describe, expect, it } from 'vitest';
import { createTranslator, pickLanguage, type Catalogues } from './i18n';

const cats: Catalogues<'hello' | 'waiting'> = {
  nl: { hello: 'Hallo {name}', waiting: 'Even geduld' },
  fr: { hello: 'Bonjour {name}', waiting: 'Un instant' },
  en: { hello: 'Hello {name}', waiting: 'Please wait' },
};

describe('i18n', () => {
  it('defaults to Dutch and honours ?lang= over the stored choice', () => {
    expect(pickLanguage('', null)).toBe('nl');
    expect(pickLanguage('?lang=fr', 'en')).toBe('fr');
    expect(pickLanguage('?lang=de', 'en')).toBe('en');
    expect(pickLanguage('?lang=xx', 'zz')).toBe('nl');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    const t = createTranslator(cats, 'en');
    expect(t('hello', { name: 'An' })).toBe('Hello An');
    expect(t('hello')).toBe('Hello {name}');
    expect(createTranslator(cats, 'fr')('waiting')).toBe('Un instant');
  });
});
