import { useState, type FormEvent } from 'react';
import type { EvaluationRequest } from '@videoloket/contracts';
import type { Translate } from '@videoloket/call-client';
import type { BookingKey } from './i18n';
import { errorKey } from './errorKey';

const SCALE = [1, 2, 3, 4, 5] as const;

/** The short evaluation after a case closes (seed 004): two 1–5 scales, a yes/no, a comment. */
export function EvaluationForm({ t, onSend }: { t: Translate<BookingKey>; onSend(answers: EvaluationRequest): Promise<void> }) {
  const [satisfaction, setSatisfaction] = useState<number>();
  const [ease, setEase] = useState<number>();
  const [again, setAgain] = useState<boolean>();
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!satisfaction || !ease) return setMissing(true);
    setMissing(false);
    setBusy(true);
    setError(undefined);
    try {
      await onSend({ satisfaction, ease, ...(again !== undefined ? { wouldUseVideoAgain: again } : {}), ...(comment.trim() ? { comment: comment.trim() } : {}) });
    } catch (err) {
      setError(t(...errorKey(err)));
    } finally {
      setBusy(false);
    }
  }

  const scale = (name: string, value: number | undefined, set: (n: number) => void, legend: BookingKey) => (
    <fieldset className="field" aria-describedby={missing && !value ? `${name}-error` : undefined}>
      <legend>{t(legend)}</legend>
      <div className="scale">
        {SCALE.map((n) => (
          <label key={n} className={`slot${value === n ? ' chosen' : ''}`}>
            <input type="radio" name={name} value={n} checked={value === n} onChange={() => set(n)} data-testid={`${name}-${n}`} />
            <span>{t(`scale${n}`)}</span>
          </label>
        ))}
      </div>
      {missing && !value && (
        <span id={`${name}-error`} className="error">
          {t('evalChoose')}
        </span>
      )}
    </fieldset>
  );

  return (
    <form className="booking-form evaluation" onSubmit={submit} noValidate aria-labelledby="eval-heading" data-testid="evaluation-form">
      <h2 id="eval-heading">{t('evalTitle')}</h2>
      <p>{t('evalIntro')}</p>
      {scale('satisfaction', satisfaction, setSatisfaction, 'satisfaction')}
      {scale('ease', ease, setEase, 'ease')}
      <fieldset className="field">
        <legend>{t('videoAgain')}</legend>
        <div className="scale">
          {([true, false] as const).map((v) => (
            <label key={String(v)} className={`slot${again === v ? ' chosen' : ''}`}>
              <input type="radio" name="again" checked={again === v} onChange={() => setAgain(v)} />
              <span>{v ? t('yes') : t('no')}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="eval-comment">{t('comment')}</label>
        <textarea id="eval-comment" rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <div aria-live="assertive">{error && <p className="error">{error}</p>}</div>
      <button type="submit" disabled={busy} data-testid="evaluation-send">
        {t('evalSend')}
      </button>
    </form>
  );
}
