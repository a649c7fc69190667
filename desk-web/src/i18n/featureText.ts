import { createTranslator, isLanguage, type Catalogues, type Language } from '@videoloket/call-client';

// A desk feature (links, interpreter, waiting alerts) keeps its own words beside its code; this
// turns them into a translator for the page's current language.

/** The desk sets <html lang> when the language changes (rememberLanguage). */
export function pageLanguage(): Language {
  return typeof document !== 'undefined' && isLanguage(document.documentElement.lang) ? document.documentElement.lang : 'nl';
}

export function featureText<K extends string>(words: Catalogues<K>): (key: K, vars?: Record<string, string>, lang?: Language) => string {
  return (key, vars, lang = pageLanguage()) => createTranslator(words, lang)(key, vars);
}
