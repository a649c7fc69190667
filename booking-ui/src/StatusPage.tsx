import { useCallback, useEffect, useState } from 'react';
import type { CaseStatusPageView } from '@videoloket/contracts';
import { isAppError, type Language, type Translate } from '@videoloket/call-client';
import type { BookingKey } from './i18n';
import { PaymentTransfer } from './PaymentTransfer';
import type { BookingApi } from './api';
import { errorKey } from './errorKey';
import { DeliveryChoice } from './DeliveryChoice';
import { EvaluationForm } from './EvaluationForm';
import { formatDateTime } from './format';
import { LinkInvalid } from './LinkInvalid';
import { statusLabel } from './statusLabel';

interface Props {
  t: Translate<BookingKey>;
  lang: Language;
  api: BookingApi;
  token: string;
}

/** `/dossier/<token>`: the case's status timeline, payment, the delivery day of a delivery product, the city's messages (the embedded citizen inbox) and the evaluation after closing. */
export function StatusPage({ t, lang, api, token }: Props) {
  const [view, setView] = useState<CaseStatusPageView>();
  const [invalid, setInvalid] = useState(false);
  const [error, setError] = useState<string>();

  const load = useCallback(() => {
    api.caseStatus({ params: { token } }).then(setView, (err: unknown) => (isAppError(err, 'NOT_FOUND') || isAppError(err, 'BAD_REQUEST') ? setInvalid(true) : setError(t(...errorKey(err)))));
  }, [api, token, t]);
  useEffect(load, [load]);

  if (invalid) return <LinkInvalid t={t} />;
  if (!view) return <p role={error ? 'alert' : 'status'} className={error ? 'error' : undefined}>{error ?? t('loading')}</p>;

  const currentIndex = view.timeline.findIndex((s) => s.status === view.status);
  return (
    <section className="booking-page" aria-labelledby="status-heading" data-testid="status-page" data-status={view.status}>
      <h1 id="status-heading">{t('statusTitle', { reference: view.reference })}</h1>
      <p className="lead">{view.product.name[lang]}</p>
      <p data-testid="current-status">{t('currentStatus', { status: statusLabel(t, view.status) })}</p>
      {view.nextAppointment && (
        <p>{t('nextAppointment', { when: formatDateTime(view.nextAppointment.startsAt, lang), channel: t(`channel_${view.nextAppointment.channel}`) })}</p>
      )}

      <h2>{t('timelineHeading')}</h2>
      <ol className="timeline" data-testid="status-timeline">
        {view.timeline.map((step, i) => {
          const state = i < currentIndex ? 'done' : i === currentIndex ? 'current' : 'todo';
          return (
            <li key={step.status} className={state} aria-current={state === 'current' ? 'step' : undefined}>
              {statusLabel(t, step.status)}{' '}
              <span className="when">
                {state === 'done' && <span className="visually-hidden">({t('stepDone')}) </span>}
                {step.reachedAt ? t('reachedAt', { when: formatDateTime(step.reachedAt, lang) }) : state === 'todo' ? t('notYet') : ''}
              </span>
              {step.message && <p className="step-message">{step.message}</p>}
            </li>
          );
        })}
      </ol>

      {view.payment && (
        <>
          <h2>{t('paymentHeading')}</h2>
          <div data-testid="payment-status" data-paid={view.payment.status === 'paid'}>
            {view.payment.status === 'paid' ? (
              <p>{t('paymentPaid', { when: view.payment.paidAt ? formatDateTime(view.payment.paidAt, lang) : '' })}</p>
            ) : (
              <PaymentTransfer t={t} lang={lang} payment={view.payment} intro="paymentOpen" />
            )}
          </div>
        </>
      )}

      {view.delivery && (
        <DeliveryChoice
          t={t}
          lang={lang}
          delivery={view.delivery}
          onChoose={async (choice) => setView(await api.chooseDelivery({ params: { token }, body: choice }))}
        />
      )}

      {view.messages.length > 0 && (
        <>
          <h2>{t('messagesHeading')}</h2>
          <ul className="inbox" data-testid="status-messages">
            {view.messages.map((m) => (
              // Written in the language the citizen chose when booking, which may differ from the page's.
              <li key={`${m.at}-${m.subject}`} lang={m.language}>
                <p className="inbox-subject">
                  <strong>{m.subject}</strong> <span className="when">{formatDateTime(m.at, lang)}</span>
                </p>
                <p className="step-message">{m.body}</p>
              </li>
            ))}
          </ul>
        </>
      )}

      {view.evaluation === 'open' && <EvaluationForm t={t} onSend={async (answers) => { await api.evaluate({ params: { token }, body: answers }); load(); }} />}
      {view.evaluation === 'submitted' && (
        <p className="ok" role="status" data-testid="evaluation-done">
          {t('evalSubmitted')}
        </p>
      )}
    </section>
  );
}
