import { useEffect, useState } from 'react';
import type { AppointmentChannel, GeoPoint, SlotView } from '@videoloket/contracts';
import type { Language, Translate } from '@videoloket/call-client';
import type { BookingKey } from './i18n';
import type { BookingApi } from './api';
import { addDays, formatDay, formatTime, localDateOf } from './format';
import { errorKey } from './errorKey';

const WEEK = 7;

interface Props {
  t: Translate<BookingKey>;
  lang: Language;
  api: BookingApi;
  productId: string;
  channel: AppointmentChannel;
  /** Home visits: capacity depends on where the visit is. */
  location?: GeoPoint;
  value?: SlotView;
  onChange(slot: SlotView | undefined): void;
  error?: BookingKey;
  /** Bumped by the parent to reload (after a slot was taken meanwhile). */
  reloadKey?: number;
}

/** A week of free slots from a chosen date, grouped per day, as radio buttons. */
export function SlotPicker({ t, lang, api, productId, channel, location, value, onChange, error, reloadKey }: Props) {
  const today = localDateOf(new Date());
  const [from, setFrom] = useState(today);
  const [slots, setSlots] = useState<SlotView[]>();
  const [loadError, setLoadError] = useState<string>();
  const lat = location?.lat;
  const lon = location?.lon;

  useEffect(() => {
    let stale = false;
    setSlots(undefined);
    setLoadError(undefined);
    api.slots({ productId, channel, from, to: addDays(from, WEEK - 1), lat, lon }).then(
      (list) => !stale && setSlots(list),
      (err: unknown) => !stale && setLoadError(t(...errorKey(err))),
    );
    return () => {
      stale = true;
    };
  }, [api, productId, channel, from, lat, lon, reloadKey, t]);

  // A chosen slot that is no longer offered (another week, taken meanwhile) is dropped.
  useEffect(() => {
    if (value && slots && !slots.some((s) => s.startsAt === value.startsAt)) onChange(undefined);
  }, [slots, value, onChange]);

  const days = new Map<string, SlotView[]>();
  for (const s of slots ?? []) {
    const d = localDateOf(s.startsAt);
    days.set(d, [...(days.get(d) ?? []), s]);
  }
  const label = (s: SlotView) => (s.kind === 'window' ? t('windowSlot', { from: formatTime(s.startsAt, lang), to: formatTime(s.endsAt, lang) }) : formatTime(s.startsAt, lang));

  return (
    <div className="slot-picker" data-testid="slot-picker">
      <div className="week-bar">
        <div className="field">
          <label htmlFor="slot-from">{t('weekFrom')}</label>
          <input id="slot-from" type="date" min={today} value={from} aria-describedby="slot-from-hint" onChange={(e) => e.target.value && setFrom(e.target.value < today ? today : e.target.value)} data-testid="slot-from" />
          <span id="slot-from-hint" className="hint">
            {t('weekHint')}
          </span>
        </div>
        <div className="row-actions">
          <button type="button" className="secondary" disabled={from <= today} onClick={() => setFrom((f) => (addDays(f, -WEEK) < today ? today : addDays(f, -WEEK)))}>
            {t('earlierWeek')}
          </button>
          <button type="button" className="secondary" onClick={() => setFrom((f) => addDays(f, WEEK))} data-testid="later-week">
            {t('laterWeek')}
          </button>
        </div>
      </div>
      <p role="status" className="status">
        {loadError ? '' : slots === undefined ? t('loading') : slots.length === 0 ? t('noSlots') : t('slotsFound', { count: slots.length })}
      </p>
      {loadError && (
        <p role="alert" className="error">
          {loadError}
        </p>
      )}
      {error && (
        <p role="alert" className="error" id="slot-error">
          {t(error)}
        </p>
      )}
      {[...days.entries()].map(([day, list]) => (
        <fieldset key={day} className="slot-day">
          <legend>{formatDay(day, lang)}</legend>
          <div className="slot-grid">
            {list.map((s) => (
              <label key={s.startsAt} className={`slot${value?.startsAt === s.startsAt ? ' chosen' : ''}`}>
                <input type="radio" name="slot" value={s.startsAt} checked={value?.startsAt === s.startsAt} onChange={() => onChange(s)} data-testid="slot" data-starts-at={s.startsAt} aria-describedby={error ? 'slot-error' : undefined} />
                <span>{label(s)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
    </div>
  );
}
