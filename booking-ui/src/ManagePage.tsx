import { useEffect, useState } from 'react';
import type { BookingResponse, ProductView, SlotView } from '@videoloket/contracts';
import { isAppError, type Language, type Translate } from '@videoloket/call-client';
import type { BookingKey } from './i18n';
import { PaymentTransfer } from './PaymentTransfer';
import type { BookingApi } from './api';
import { errorKey } from './errorKey';
import { formatDateTime, formatTime } from './format';
import { SlotPicker } from './SlotPicker';
import { LinkInvalid } from './LinkInvalid';

interface Props {
  t: Translate<BookingKey>;
  lang: Language;
  api: BookingApi;
  token: string;
}

/** `/afspraak/<token>`: the citizen's appointment, to reschedule or cancel. */
export function ManagePage({ t, lang, api, token }: Props) {
  const [booking, setBooking] = useState<BookingResponse>();
  const [product, setProduct] = useState<ProductView>();
  const [invalid, setInvalid] = useState(false);
  const [mode, setMode] = useState<'view' | 'reschedule' | 'cancel'>('view');
  const [slot, setSlot] = useState<SlotView>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const [reloadSlots, setReloadSlots] = useState(0);

  useEffect(() => {
    api.manage(token).then(
      (b) => {
        setBooking(b);
        api.products().then((list) => setProduct(list.find((p) => p.id === b.appointment.productId)), () => undefined);
      },
      (err: unknown) => (isAppError(err, 'NOT_FOUND') || isAppError(err, 'BAD_REQUEST') ? setInvalid(true) : setError(t(...errorKey(err)))),
    );
  }, [api, token, t]);

  if (invalid) return <LinkInvalid t={t} />;
  if (!booking) return <p role={error ? 'alert' : 'status'} className={error ? 'error' : undefined}>{error ?? t('loading')}</p>;

  const a = booking.appointment;
  const cancelled = a.status === 'cancelled';

  async function reschedule() {
    if (!slot) return setError(t('errSlot'));
    setBusy(true);
    setError(undefined);
    try {
      const moved = await api.reschedule(token, slot.startsAt);
      setBooking(moved);
      setMode('view');
      setNotice(t('rescheduled', { when: formatDateTime(moved.appointment.startsAt, lang) }));
    } catch (err) {
      setError(t(...errorKey(err)));
      setSlot(undefined);
      setReloadSlots((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  async function cancel() {
    setBusy(true);
    setError(undefined);
    try {
      await api.cancel(token, reason.trim() || undefined);
      setBooking({ ...booking!, appointment: { ...a, status: 'cancelled' }, joinLink: undefined });
      setMode('view');
      setNotice(t('cancelled'));
    } catch (err) {
      setError(t(...errorKey(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="booking-page" aria-labelledby="manage-heading" data-testid="manage-page" data-status={a.status}>
      <h1 id="manage-heading">{t('manageTitle')}</h1>
      <dl className="summary">
        <dt>{t('reference')}</dt>
        <dd>{a.caseReference}</dd>
        <dt>{t('summaryProduct')}</dt>
        <dd>{product?.name[lang] ?? a.productId}</dd>
        <dt>{t('summaryChannel')}</dt>
        <dd>{t(`channel_${a.channel}`)}</dd>
        <dt>{t('summaryWhen')}</dt>
        <dd data-testid="manage-when">{a.channel === 'home_visit' ? t('windowSlot', { from: formatDateTime(a.startsAt, lang), to: formatTime(a.endsAt, lang) }) : formatDateTime(a.startsAt, lang)}</dd>
        {a.address && (
          <>
            <dt>{t('summaryAddress')}</dt>
            <dd>{a.address}</dd>
          </>
        )}
      </dl>
      {cancelled && <p className="banner">{t('cancelledNote')}</p>}
      {!cancelled && booking.joinLink && (
        <p>
          {t('joinInfo', { time: formatDateTime(booking.joinLink.validFrom, lang) })}{' '}
          <a href={booking.joinLink.url}>{t('joinLinkLabel')}</a>
        </p>
      )}
      {booking.payment?.status === 'open' && <PaymentTransfer t={t} lang={lang} payment={booking.payment} intro="payInfo" />}
      <p>
        <a href={booking.statusUrl}>{t('statusLink')}</a>
      </p>

      <div aria-live="polite">{notice && <p className="ok" data-testid="manage-notice">{notice}</p>}</div>
      <div aria-live="assertive">{error && <p className="error" data-testid="manage-error">{error}</p>}</div>

      {!cancelled && mode === 'view' && (
        <div className="actions">
          <button type="button" onClick={() => (setMode('reschedule'), setNotice(undefined))} data-testid="reschedule">
            {t('reschedule')}
          </button>
          <button type="button" className="danger" onClick={() => (setMode('cancel'), setNotice(undefined))} data-testid="cancel">
            {t('cancel')}
          </button>
        </div>
      )}

      {!cancelled && mode === 'reschedule' && (
        <section aria-labelledby="reschedule-heading">
          <h2 id="reschedule-heading">{t('rescheduleTitle')}</h2>
          <SlotPicker t={t} lang={lang} api={api} productId={a.productId} channel={a.channel} value={slot} onChange={setSlot} reloadKey={reloadSlots} />
          <div className="actions">
            <button type="button" disabled={busy || !slot} onClick={() => void reschedule()} data-testid="reschedule-confirm">
              {t('rescheduleConfirm')}
            </button>
            <button type="button" className="secondary" onClick={() => setMode('view')}>
              {t('back')}
            </button>
          </div>
        </section>
      )}

      {!cancelled && mode === 'cancel' && (
        <div className="confirm-box" role="group" aria-labelledby="cancel-ask">
          <p id="cancel-ask">{t('cancelAsk')}</p>
          <div className="field">
            <label htmlFor="cancel-reason">{t('cancelReason')}</label>
            <input id="cancel-reason" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="actions">
            <button type="button" className="danger" disabled={busy} onClick={() => void cancel()} data-testid="cancel-confirm">
              {t('cancelConfirm')}
            </button>
            <button type="button" className="secondary" onClick={() => setMode('view')}>
              {t('cancelKeep')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
