import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { formatIban, type PaymentView } from '@videoloket/contracts';
import type { Language, Translate } from '@videoloket/call-client';
import type { BookingKey } from './i18n';
import { formatMoney } from './format';

interface Props {
  t: Translate<BookingKey>;
  lang: Language;
  payment: PaymentView;
  /** The sentence above the details: differs between the booking result and the status page. */
  intro: 'payInfo' | 'paymentOpen';
}

/**
 * An open payment: what to pay and where, and the EPC QR code a banking app scans (the same
 * payload the mail carries). The QR is an image with a text alternative that says everything
 * it holds, and every field is also written out, so nobody needs to scan it.
 */
export function PaymentTransfer({ t, lang, payment, intro }: Props) {
  const [qr, setQr] = useState<string>();
  const transfer = payment.transfer;
  useEffect(() => {
    if (!transfer) return;
    let current = true;
    // Error correction M, as the EPC guidelines ask; 4 modules of quiet zone.
    QRCode.toDataURL(transfer.epcQr, { errorCorrectionLevel: 'M', margin: 4, width: 232 }).then((url) => current && setQr(url), () => current && setQr(undefined));
    return () => {
      current = false;
    };
  }, [transfer]);

  const amount = formatMoney(payment.amountCents, lang);
  return (
    <div className="payment-transfer" data-testid="payment-info">
      <p>{t(intro, { amount, ref: payment.structuredReference })}</p>
      {transfer && (
        <div className="payment-transfer-details">
          <dl className="summary">
            <dt>{t('payBeneficiary')}</dt>
            <dd>{transfer.beneficiary}</dd>
            <dt>{t('payIban')}</dt>
            <dd data-testid="payment-iban">{formatIban(transfer.iban)}</dd>
            {transfer.bic && (
              <>
                <dt>{t('payBic')}</dt>
                <dd>{transfer.bic}</dd>
              </>
            )}
            <dt>{t('payAmount')}</dt>
            <dd>{amount}</dd>
            <dt>{t('payReference')}</dt>
            <dd>{payment.structuredReference}</dd>
          </dl>
          {qr && (
            <figure className="payment-qr">
              <img src={qr} width={232} height={232} data-testid="payment-qr" alt={t('payQrAlt', { amount, iban: formatIban(transfer.iban), ref: payment.structuredReference })} />
              <figcaption>{t('payQrHint')}</figcaption>
            </figure>
          )}
        </div>
      )}
    </div>
  );
}
