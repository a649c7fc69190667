import type { Translate } from '@videoloket/call-client';
import type { BookingKey } from './i18n';
import { DEMO_ADDRESSES } from './demoAddresses';
import type { AddressInput, FieldErrors } from './validate';
import { FieldError } from './FieldError';

interface Props {
  t: Translate<BookingKey>;
  choice: string;
  onChoice(id: string): void;
  value: AddressInput;
  onChange(a: AddressInput): void;
  errors: FieldErrors;
}

/** Home-visit address: a demo address (with its coordinates) or a typed one with lat/lon. */
export function AddressFields({ t, choice, onChoice, value, onChange, errors }: Props) {
  const set = (patch: Partial<AddressInput>) => onChange({ ...value, ...patch });
  const other = choice === 'other';
  const invalid = (f: keyof FieldErrors) => (errors[f] ? { 'aria-invalid': true, 'aria-describedby': `${f}-error` } : {});
  return (
    <div className="address-fields">
      <div className="field">
        <label htmlFor="address-choice">{t('addressPick')}</label>
        <select
          id="address-choice"
          value={choice}
          aria-describedby="address-choice-hint"
          onChange={(e) => {
            const id = e.target.value;
            onChoice(id);
            const demo = DEMO_ADDRESSES.find((a) => a.id === id);
            if (demo) set({ line: demo.line, lat: String(demo.location.lat), lon: String(demo.location.lon) });
          }}
          data-testid="address-choice"
        >
          <option value="">—</option>
          {DEMO_ADDRESSES.map((a) => (
            <option key={a.id} value={a.id}>
              {a.line}
            </option>
          ))}
          <option value="other">{t('otherAddress')}</option>
        </select>
        <span id="address-choice-hint" className="hint">
          {t('addressPickHint')}
        </span>
      </div>
      {other && (
        <>
          <div className="field">
            <label htmlFor="addressLine">{t('addressLine')}</label>
            <input id="addressLine" autoComplete="street-address" maxLength={200} value={value.line} onChange={(e) => set({ line: e.target.value })} {...invalid('addressLine')} data-testid="address-line" />
            <FieldError t={t} id="addressLine-error" error={errors.addressLine} />
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor="lat">{t('lat')}</label>
              <input id="lat" inputMode="decimal" value={value.lat} aria-describedby="coords-hint" onChange={(e) => set({ lat: e.target.value })} {...invalid('lat')} data-testid="address-lat" />
              <FieldError t={t} id="lat-error" error={errors.lat} />
            </div>
            <div className="field">
              <label htmlFor="lon">{t('lon')}</label>
              <input id="lon" inputMode="decimal" value={value.lon} aria-describedby="coords-hint" onChange={(e) => set({ lon: e.target.value })} {...invalid('lon')} data-testid="address-lon" />
              <FieldError t={t} id="lon-error" error={errors.lon} />
            </div>
          </div>
          <span id="coords-hint" className="hint">
            {t('coordsHint')}
          </span>
        </>
      )}
      {!other && <FieldError t={t} id="addressLine-error" error={errors.addressLine ?? errors.lat ?? errors.lon} />}
      <div className="field">
        <label htmlFor="instructions">{t('instructions')}</label>
        <input id="instructions" maxLength={500} value={value.instructions} aria-describedby="instructions-hint" onChange={(e) => set({ instructions: e.target.value })} />
        <span id="instructions-hint" className="hint">
          {t('instructionsHint')}
        </span>
        <FieldError t={t} id="instructions-error" error={errors.instructions} />
      </div>
    </div>
  );
}
