// A small message-catalogue helper. Dutch is the default; French and English are chosen
// with `?lang=fr|en` or the language picker (remembered in localStorage).

export const LANGUAGES = ['nl', 'fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'nl';

/** Every catalogue has exactly the Dutch catalogue's keys (a missing key fails type-checking). */
export type Catalogue<K extends string> = Record<K, string>;
export type Catalogues<K extends string> = Record<Language, Catalogue<K>>;

export type Translate<K extends string> = (key: K, vars?: Record<string, string | number>) => string;

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

const LANG_STORAGE_KEY = 'videoloket:lang';

/** `?lang=` wins, then the remembered choice, then Dutch. */
export function pickLanguage(search: string, stored?: string | null): Language {
  const fromUrl = new URLSearchParams(search).get('lang');
  if (isLanguage(fromUrl)) return fromUrl;
  if (isLanguage(stored)) return stored;
  return DEFAULT_LANGUAGE;
}

export function initialLanguage(): Language {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    /* storage blocked */
  }
  return pickLanguage(location.search, stored);
}

/** Remembers the choice and puts it in the URL (keeping the fragment, which may hold the link token). */
export function rememberLanguage(lang: Language): void {
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    /* storage blocked */
  }
  const url = new URL(location.href);
  url.searchParams.set('lang', lang);
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  document.documentElement.lang = lang;
}

export function createTranslator<K extends string>(catalogues: Catalogues<K>, lang: Language): Translate<K> {
  const cat = catalogues[lang];
  const fallback = catalogues[DEFAULT_LANGUAGE];
  return (key, vars) => {
    const template = cat[key] ?? fallback[key] ?? key;
    return vars ? template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : template;
  };
}

export const LANGUAGE_NAMES: Record<Language, string> = { nl: 'Nederlands', fr: 'Français', en: 'English' };
