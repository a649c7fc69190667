import { useId, useState, type FormEvent } from 'react';
import type { Language } from '@videoloket/call-client';
import { formatNationalNumber, isValidNationalNumber, type RegisterLookupResponse, type RegisterPerson, type RegisterQuery } from '@videoloket/contracts';
import { deskHttp, HttpError, type DeskAuth } from '../api';
import { registerText, type RegisterKey } from './labels';
import './register.css';

interface Props {
  auth: DeskAuth;
  /** The call the lookup is made for (recorded with it). */
  callId: string;
  lang: Language;
  onUnauthenticated(): void;
}

const DOC_TYPE: Record<RegisterPerson['identityDocument']['type'], RegisterKey> = { eid: 'docEid', 'foreigner-card': 'docForeignerCard', passport: 'docPassport' };
const INVALID: Record<NonNullable<RegisterPerson['identityDocument']['invalidReason']>, RegisterKey> = {
  expired: 'invalidExpired',
  'reported-lost': 'invalidLost',
  'reported-stolen': 'invalidStolen',
};

/**
 * Issue 12, item 5: the clerk looks the citizen up in the population register, by national
 * number or by name and birth date, and gives a reason (the server records both). Clerk-only:
 * it lives in the desk, whose server route refuses anyone but a clerk in the call. Depends on
 * nothing of the call room but the call's id, so it can move to the case window.
 */
export function RegisterPanel({ auth, callId, lang, onUnauthenticated }: Props) {
  const tx = (key: RegisterKey, vars?: Record<string, string>) => registerText(key, vars, lang);
  const id = useId();
  const [by, setBy] = useState<RegisterQuery['by']>('nationalNumber');
  const [nationalNumber, setNationalNumber] = useState('');
  const [lastName, setLastName] = useState('');
  const [firstName, setFirstName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [reason, setReason] = useState('');
  const [numberChecked, setNumberChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<RegisterLookupResponse>();
  const [error, setError] = useState<string>();

  const numberInvalid = by === 'nationalNumber' && numberChecked && !isValidNationalNumber(nationalNumber);

  async function lookUp(e: FormEvent) {
    e.preventDefault();
    setNumberChecked(true);
    if (by === 'nationalNumber' && !isValidNationalNumber(nationalNumber)) return;
    const query: RegisterQuery =
      by === 'nationalNumber'
        ? { by, nationalNumber }
        : { by, lastName: lastName.trim(), birthDate, ...(firstName.trim() ? { firstName: firstName.trim() } : {}) };
    setBusy(true);
    setError(undefined);
    setAnswer(undefined);
    try {
      setAnswer(await deskHttp(auth).registerLookup({ body: { callId, reason: reason.trim(), query } }));
    } catch (err) {
      if (err instanceof HttpError && err.status === 401) return onUnauthenticated();
      const code = err instanceof HttpError ? err.code : 'NETWORK';
      setError(code === 'FORBIDDEN' ? tx('errorForbidden') : code === 'RATE_LIMITED' ? tx('errorRateLimited') : tx('errorOther', { code }));
    } finally {
      setBusy(false);
    }
  }

  const field = (name: string) => `${id}-${name}`;
  return (
    <section aria-labelledby={field('heading')} className="panel register-panel" data-testid="register-panel">
      <h2 id={field('heading')}>{tx('heading')}</h2>
      <form onSubmit={(e) => void lookUp(e)}>
        <fieldset className="register-by">
          <legend>{tx('searchBy')}</legend>
          {(['nationalNumber', 'nameAndBirthDate'] as const).map((option) => (
            <label key={option}>
              <input type="radio" name={field('by')} value={option} checked={by === option} onChange={() => setBy(option)} data-testid={`register-by-${option}`} />{' '}
              {tx(option === 'nationalNumber' ? 'byNationalNumber' : 'byName')}
            </label>
          ))}
        </fieldset>
        {by === 'nationalNumber' ? (
          <div className="field">
            <label htmlFor={field('nn')}>{tx('nationalNumber')}</label>
            <input
              id={field('nn')}
              required
              inputMode="numeric"
              autoComplete="off"
              maxLength={20}
              value={nationalNumber}
              onChange={(e) => setNationalNumber(e.target.value)}
              onBlur={() => setNumberChecked(nationalNumber.length > 0)}
              aria-invalid={numberInvalid || undefined}
              aria-describedby={`${field('nn-hint')}${numberInvalid ? ` ${field('nn-error')}` : ''}`}
              data-testid="register-national-number"
            />
            <span id={field('nn-hint')} className="hint">
              {tx('nationalNumberHint')}
            </span>
            {numberInvalid && (
              <span id={field('nn-error')} className="error" data-testid="register-number-invalid">
                {tx('nationalNumberInvalid')}
              </span>
            )}
          </div>
        ) : (
          <>
            <div className="field">
              <label htmlFor={field('last')}>{tx('lastName')}</label>
              <input id={field('last')} required maxLength={80} autoComplete="off" value={lastName} onChange={(e) => setLastName(e.target.value)} data-testid="register-last-name" />
            </div>
            <div className="field">
              <label htmlFor={field('first')}>{tx('firstName')}</label>
              <input id={field('first')} maxLength={80} autoComplete="off" value={firstName} onChange={(e) => setFirstName(e.target.value)} data-testid="register-first-name" />
            </div>
            <div className="field">
              <label htmlFor={field('birth')}>{tx('birthDate')}</label>
              <input id={field('birth')} type="date" required value={birthDate} onChange={(e) => setBirthDate(e.target.value)} data-testid="register-birth-date" />
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor={field('reason')}>{tx('reason')}</label>
          <textarea
            id={field('reason')}
            required
            minLength={5}
            maxLength={300}
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby={field('reason-hint')}
            data-testid="register-reason"
          />
          <span id={field('reason-hint')} className="hint">
            {tx('reasonHint')}
          </span>
        </div>
        <button type="submit" disabled={busy} data-testid="register-look-up">
          {busy ? tx('searching') : tx('lookUp')}
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div role="status" data-testid="register-result-status">
        {answer && (
          <p>
            {answer.persons.length === 0 ? tx('foundNone') : answer.persons.length === 1 ? tx('foundOne') : tx('foundMany', { count: String(answer.persons.length) })}{' '}
            <span className="hint">
              {tx('audited')} {answer.source === 'fixture' ? tx('fixtureSource') : ''}
            </span>
          </p>
        )}
      </div>
      {answer?.persons.map((p) => <PersonCard key={p.nationalNumber} person={p} lang={lang} />)}
    </section>
  );
}

function PersonCard({ person: p, lang }: { person: RegisterPerson; lang: Language }) {
  const tx = (key: RegisterKey, vars?: Record<string, string>) => registerText(key, vars, lang);
  const date = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString(lang, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  const country = (code: string) => new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code;
  const a = p.address;
  const doc = p.identityDocument;
  return (
    <article className="register-person" data-testid="register-person" aria-label={`${p.firstNames.join(' ')} ${p.lastName}`}>
      <h3>
        {p.firstNames.join(' ')} {p.lastName}
      </h3>
      <dl>
        <dt>{tx('nationalNumber')}</dt>
        <dd>{formatNationalNumber(p.nationalNumber)}</dd>
        <dt>{tx('born')}</dt>
        <dd>{date(p.birthDate)}</dd>
        <dt>{tx('nationality')}</dt>
        <dd>{country(p.nationality)}</dd>
        <dt>{tx('address')}</dt>
        <dd>
          {a.street} {a.houseNumber}
          {a.box ? ` ${tx('box', { box: a.box })}` : ''}, {a.postalCode} {a.municipality}
          {a.country !== 'BE' ? `, ${country(a.country)}` : ''}
        </dd>
        <dt>{tx('document')}</dt>
        <dd>
          {tx('docValidUntil', { type: tx(DOC_TYPE[doc.type]), number: doc.number, date: date(doc.validUntil) })}
          <br />
          <strong className={doc.valid ? 'ok' : 'error'} data-testid="register-document-status">
            {doc.valid ? tx('valid') : tx(INVALID[doc.invalidReason ?? 'expired'])}
          </strong>
        </dd>
      </dl>
    </article>
  );
}
