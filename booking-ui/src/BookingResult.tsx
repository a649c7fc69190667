import { useEffect, useRef } from 'react';
import type { BookingResponse, ProductView } from '@videoloket/contracts';
import type { Language, Translate } from '@videoloket/call-client';
import type { BookingKey } from './i18n';
import { PaymentTransfer } from './PaymentTransfer';
import { formatDateTime, formatTime } from './format';

interface Props {
  t: Translate<BookingKey>;
  lang: Language;
  result: BookingResponse;
  product: ProductView;
  headingLevel: 1 | 2;
  onAnother(): void;
}

/** What was booked: reference, time, join-link window, payment reference, private links. */
export function BookingResult({ t, lang, result, product, headingLevel, onAnother }: Props) {
  const H = headingLevel === 1 ? 'h2' : 'h3';
  const heading = useRef<HTMLHeadingElement>(null);
  // Move focus to the result so keyboard and screen-reader users land on it.
  useEffect(() => heading.current?.focus(), []);
  const a = result.appointment;
  return (
    <section className="booking-result panel-ok" role="status" aria-labelledby="booked-heading" data-testid="booking-result" data-appointment-id={a.id}>
      <H id="booked-heading" tabIndex={-1} ref={heading}>
        {t('bookedTitle')}
      </H>
      <dl className="summary">
        <dt>{t('reference')}</dt>
        <dd data-testid="booking-reference">{a.caseReference}</dd>
        <dt>{t('summaryProduct')}</dt>
        <dd>{product.name[lang]}</dd>
        <dt>{t('summaryChannel')}</dt>
        <dd>{t(`channel_${a.channel}`)}</dd>
        <dt>{t('summaryWhen')}</dt>
        <dd data-testid="booking-when">
          {a.channel === 'home_visit' ? t('windowSlot', { from: formatDateTime(a.startsAt, lang), to: formatTime(a.endsAt, lang) }) : formatDateTime(a.startsAt, lang)}
        </dd>
        {a.address && (
          <>
            <dt>{t('summaryAddress')}</dt>
            <dd>{a.address}</dd>
          </>
        )}
      </dl>
      {result.joinLink && <p data-testid="join-info">{t('joinInfo', { time: formatDateTime(result.joinLink.validFrom, lang) })}</p>}
      {result.payment?.status === 'open' && <PaymentTransfer t={t} lang={lang} payment={result.payment} intro="payInfo" />}
      <p>{t('confirmationSent')}</p>
      <ul className="link-list">
        <li>
          <a href={result.manageUrl} data-testid="manage-link">
            {t('manageLink')}
          </a>
        </li>
        <li>
          <a href={result.statusUrl} data-testid="status-link">
            {t('statusLink')}
          </a>
        </li>
      </ul>
      <button type="button" className="secondary" onClick={onAnother}>
        {t('bookAnother')}
      </button>
    </section>
  );
}
