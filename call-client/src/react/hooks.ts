import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { CallSession, SessionState } from '../call-session';
import { createTranslator, initialLanguage, rememberLanguage, type Catalogues, type Language, type Translate } from '../i18n';

/** Renders from the session's immutable snapshots. */
export function useSessionState(session: CallSession): SessionState {
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}

/** Language state + translator for an app's catalogues; keeps `<html lang>` in step. */
export function useI18n<K extends string>(catalogues: Catalogues<K>): { lang: Language; t: Translate<K>; setLang: (l: Language) => void } {
  const [lang, setLangState] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((l: Language) => {
    rememberLanguage(l);
    setLangState(l);
  }, []);
  const t = useMemo(() => createTranslator(catalogues, lang), [catalogues, lang]);
  return { lang, t, setLang };
}
