import { LANGUAGE_NAMES, LANGUAGES, isLanguage, type Language } from '../i18n';

export function LanguagePicker({ lang, onChange, label }: { lang: Language; onChange: (l: Language) => void; label: string }) {
  return (
    <label className="lang-picker">
      <span className="visually-hidden">{label}</span>
      <select value={lang} aria-label={label} data-testid="language-picker" onChange={(e) => isLanguage(e.target.value) && onChange(e.target.value)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
