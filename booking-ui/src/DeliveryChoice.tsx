import { useState, type FormEvent } from 'react';
import type { ChooseDeliveryRequest, DeliveryStatusView } from '@videoloket/contracts';
import { isAppError, type Language, type Translate } from '@videoloket/call-client';
import type { BookingKey } from './i18n';
import { AddressFields } from './AddressFields';
import { errorKey } from './errorKey';
import { formatDateTime, formatDay } from './format';
import { fieldErrorsFromIssues, parseCoordinate, validateAddress, type AddressInput, type FieldErrors } from './validate';

interface Props {
  t: Translate<BookingKey>;
  lang: Language;
  delivery: DeliveryStatusView;
  onChoose(choice: ChooseDeliveryRequest): Promise<void>;
}

const EMPTY_ADDRESS: AddressInput = { line: '', lat: '', lon: '', instructions: '' };

/** A delivery product on the status page: pick one of the proposed days and the address; once delivered, when and where. */
export function DeliveryChoice({ t, lang, delivery, onChoose }: Props) {
  const [day, setDay] = useState(delivery.date && delivery.proposedDates.includes(delivery.date) ? delivery.date : '');
  const [choice, setChoice] = useState('');
  const [address, setAddress] = useState<AddressInput>(EMPTY_ADDRESS);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [dayMissing, setDayMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();

  if (delivery.state === 'delivered') {
    return (
      <section aria-labelledby="delivery-heading" data-testid="delivery" data-state="delivered">
        <h2 id="delivery-heading">{t('deliveryHeading')}</h2>
        <p className="ok" data-testid="delivery-done">
          {t('deliveryDone', { when: delivery.deliveredAt ? formatDateTime(delivery.deliveredAt, lang) : formatDay(delivery.date ?? '', lang), address: delivery.address ?? '' })}
        </p>
      </section>
    );
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setSaved(undefined);
    const errs = validateAddress(address);
    setErrors(errs);
    setDayMissing(!day);
    if (!day || Object.keys(errs).length > 0) return setError(t('errFix'));
    setBusy(true);
    try {
      const instructions = address.instructions.trim();
      await onChoose({
        date: day,
        address: { line: address.line.trim(), location: { lat: parseCoordinate(address.lat, 90)!, lon: parseCoordinate(address.lon, 180)! }, ...(instructions ? { instructions } : {}) },
      });
      setSaved(t('deliverySaved', { date: formatDay(day, lang) }));
    } catch (err) {
      if (isAppError(err, 'UNPROCESSABLE')) setDayMissing(true);
      if (isAppError(err)) setErrors(fieldErrorsFromIssues(err.issues));
      setError(isAppError(err, 'UNPROCESSABLE') ? t('errDeliveryDay') : t(...errorKey(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="delivery-heading" data-testid="delivery" data-state={delivery.state}>
      <h2 id="delivery-heading">{t('deliveryHeading')}</h2>
      <p>{delivery.state === 'planned' ? t('deliveryPlanned', { date: formatDay(delivery.date ?? '', lang), address: delivery.address ?? '' }) : t('deliveryIntro')}</p>
      {delivery.proposedDates.length === 0 ? (
        <p>{t('deliveryNoDates')}</p>
      ) : (
        <form className="booking-form" onSubmit={submit} noValidate data-testid="delivery-form">
          <fieldset className="field" aria-describedby={dayMissing && !day ? 'delivery-day-error' : undefined}>
            <legend>{t('deliveryDay')}</legend>
            <div className="scale">
              {delivery.proposedDates.map((d) => (
                <label key={d} className={`slot${day === d ? ' chosen' : ''}`}>
                  <input type="radio" name="delivery-day" value={d} checked={day === d} onChange={() => setDay(d)} data-testid={`delivery-day-${d}`} />
                  <span>{formatDay(d, lang)}</span>
                </label>
              ))}
            </div>
            {dayMissing && !day && (
              <span id="delivery-day-error" className="error">
                {t('errDeliveryDay')}
              </span>
            )}
          </fieldset>
          <AddressFields t={t} choice={choice} onChoice={setChoice} value={address} onChange={setAddress} errors={errors} />
          <button type="submit" disabled={busy} data-testid="delivery-confirm">
            {busy ? t('deliverySaving') : t('deliveryConfirm')}
          </button>
          <div aria-live="assertive">{error && <p className="error">{error}</p>}</div>
          <div role="status">{saved && <p className="ok" data-testid="delivery-saved">{saved}</p>}</div>
        </form>
      )}
    </section>
  );
}
