import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { formatNationalNumber, type AppointmentChannel, type BookAppointmentRequest, type BookingProof, type BookingResponse, type InvitationPrefill, type ProductView, type SlotView, type VerifiedCitizen } from '@videoloket/contracts';
import { isAppError, LANGUAGE_NAMES, LANGUAGES, isLanguage, type Language, type Translate } from '@videoloket/call-client';
import type { BookingKey } from './i18n';
import type { BookingApi } from './api';
import { AddressFields } from './AddressFields';
import { BookingResult } from './BookingResult';
import { errorKey } from './errorKey';
import { FieldError } from './FieldError';
import { solveInWorker } from './proof';
import { formatDateTime, formatMoney } from './format';
import { SlotPicker } from './SlotPicker';
import { DEMO_ADDRESSES } from './demoAddresses';
import { fieldErrorsFromIssues, newIdempotencyKey, normalisePhone, parseCoordinate, validateAddress, validateContact, type AddressInput, type BookingField, type FieldErrors } from './validate';
import './booking.css';
import { channelTraits } from '@videoloket/contracts/channels';

interface Props {
  t: Translate<BookingKey>;
  lang: Language;
  api: BookingApi;
  /** From a proactive invitation (`?code=`): prefills product, contact and address. */
  invitationCode?: string;
  /** The desk books on a citizen's behalf: headings one level lower, no invitation text. */
  headingLevel?: 1 | 2;
  /** Signed in with the government login (public page only): prefills name, address and shows the national number. */
  verifiedCitizen?: VerifiedCitizen;
  onBooked?(res: BookingResponse): void;
}

const EMPTY_ADDRESS: AddressInput = { line: '', lat: '', lon: '', instructions: '' };
const FIELD_IDS: Record<BookingField, string> = { name: 'name', email: 'email', phone: 'phone', addressLine: 'address-choice', lat: 'address-choice', lon: 'address-choice', instructions: 'instructions', remarks: 'remarks', slot: 'slot-from' };

/**
 * The booking form: product → channel → (address for a home visit) → slot → contact → confirm.
 * Each part appears once the one before is chosen, on one page, so the browser's back button
 * and screen readers see one form. A submission carries an idempotency key; the same request
 * sent again (double click, retry after a timeout) reuses it and gets the first booking back.
 * Before it is sent, the browser solves the server's proof-of-work challenge for that key in a
 * Web Worker (issue 9), with a progress text for everyone, screen-reader users included.
 */
export function BookingForm({ t, lang, api, invitationCode, headingLevel = 1, verifiedCitizen, onBooked }: Props) {
  const H = headingLevel === 1 ? 'h2' : 'h3';
  const [products, setProducts] = useState<ProductView[]>();
  const [invitation, setInvitation] = useState<InvitationPrefill>();
  const [invitationFailed, setInvitationFailed] = useState(false);
  const [productId, setProductId] = useState<string>();
  const [channel, setChannel] = useState<AppointmentChannel>();
  const [addressChoice, setAddressChoice] = useState('');
  const [address, setAddress] = useState<AddressInput>(EMPTY_ADDRESS);
  const [slot, setSlot] = useState<SlotView>();
  const [contact, setContact] = useState({ name: '', email: '', phone: '', remarks: '' });
  const [contactLang, setContactLang] = useState<Language>(lang);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  /** Percentage of the security check while the browser solves it; undefined when not solving. */
  const [proofProgress, setProofProgress] = useState<number>();
  const [result, setResult] = useState<BookingResponse>();
  const [reloadSlots, setReloadSlots] = useState(0);
  const submission = useRef<{ key: string; body: string; proof?: BookingProof }>(undefined);

  useEffect(() => {
    api.products().then(setProducts, (err: unknown) => setFormError(t(...errorKey(err))));
  }, [api, t]);

  useEffect(() => {
    if (!invitationCode) return;
    api.invitation({ params: { code: invitationCode } }).then(
      (p) => {
        setInvitation(p);
        setProductId(p.productId);
        setContact((c) => ({ ...c, name: p.citizen.name, email: p.citizen.email ?? '', phone: p.citizen.phone ?? '' }));
        setContactLang(p.citizen.language);
        if (p.address?.location) {
          setAddressChoice('other');
          setAddress({ line: p.address.line, lat: String(p.address.location.lat), lon: String(p.address.location.lon), instructions: '' });
        }
      },
      () => setInvitationFailed(true),
    );
  }, [api, invitationCode]);

  useEffect(() => {
    if (!verifiedCitizen) return;
    setContact((c) => ({ ...c, name: verifiedCitizen.name }));
    if (!verifiedCitizen.address) return;
    // An address of the register (with its coordinates) is chosen; another one is typed in for the citizen to place.
    const known = DEMO_ADDRESSES.find((a) => a.line === verifiedCitizen.address);
    setAddressChoice(known?.id ?? 'other');
    setAddress(known ? { line: known.line, lat: String(known.location.lat), lon: String(known.location.lon), instructions: '' } : { ...EMPTY_ADDRESS, line: verifiedCitizen.address });
  }, [verifiedCitizen]);

  const product = products?.find((p) => p.id === productId);
  // An invitation says which channels this citizen may use (home visits for reduced mobility).
  const channels = product ? product.channels.filter((c) => !invitation || invitation.productId !== product.id || invitation.channels.includes(c)) : [];
  const needsAddress = channel !== undefined && channelTraits(channel).needsAddress;
  const lat = parseCoordinate(address.lat, 90);
  const lon = parseCoordinate(address.lon, 180);
  const location = needsAddress && lat !== undefined && lon !== undefined && address.line.trim().length >= 5 ? { lat, lon } : undefined;
  const readyForSlot = Boolean(product && channel && (!needsAddress || location));

  const chooseSlot = useCallback((s: SlotView | undefined) => setSlot(s), []);

  function chooseProduct(id: string) {
    setProductId(id);
    const p = products?.find((x) => x.id === id);
    if (channel && !p?.channels.includes(channel)) setChannel(undefined);
    setSlot(undefined);
  }

  function buildRequest(): BookAppointmentRequest {
    const email = contact.email.trim();
    const phone = normalisePhone(contact.phone.trim());
    return {
      productId: product!.id,
      channel: channel!,
      startsAt: slot!.startsAt,
      citizen: { name: contact.name.trim(), ...(email ? { email } : {}), ...(phone ? { phone } : {}), language: contactLang },
      ...(needsAddress && location
        ? { address: { line: address.line.trim(), location, ...(address.instructions.trim() ? { instructions: address.instructions.trim() } : {}) } }
        : {}),
      ...(contact.remarks.trim() ? { remarks: contact.remarks.trim() } : {}),
      ...(invitation && invitation.productId === product!.id && invitationCode ? { invitationCode } : {}),
      idempotencyKey: '',
    };
  }

  function focusFirst(errs: FieldErrors) {
    const first = (Object.keys(errs) as BookingField[])[0];
    if (first) document.getElementById(FIELD_IDS[first])?.focus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !product || !channel) return;
    const errs: FieldErrors = { ...validateContact(contact), ...(needsAddress ? validateAddress(address) : {}), ...(slot ? {} : { slot: 'errSlot' as const }) };
    setErrors(errs);
    if (Object.keys(errs).length > 0) {
      setFormError(t('errFix'));
      focusFirst(errs);
      return;
    }
    const req = buildRequest();
    const body = JSON.stringify(req);
    // Same request again → same key (the server returns the first booking); anything changed → new key.
    if (submission.current?.body !== body) submission.current = { key: newIdempotencyKey(), body };
    const current = submission.current;
    setBusy(true);
    setFormError(undefined);
    // A solved proof serves retries of this same submission; a new one is solved when the server
    // says it expired or is not good (e.g. the form sat open for a long time).
    const solve = async () => {
      setProofProgress(0);
      try {
        current.proof = await solveInWorker(await api.bookingChallenge(), current.key, (p) => setProofProgress(p - (p % 10)));
      } finally {
        setProofProgress(undefined);
      }
    };
    try {
      if (!current.proof) await solve();
      const res = await api.book({ body: { ...req, idempotencyKey: current.key, proof: current.proof! } }).catch(async (err: unknown) => {
        if (!isAppError(err, 'PROOF_EXPIRED') && !isAppError(err, 'PROOF_INVALID')) throw err;
        await solve();
        return api.book({ body: { ...req, idempotencyKey: current.key, proof: current.proof! } });
      });
      setResult(res);
      onBooked?.(res);
    } catch (err) {
      const fieldErrs = isAppError(err) ? fieldErrorsFromIssues(err.issues) : {};
      // The invitation code was used or expired meanwhile: say so, and book without it next time.
      if (isAppError(err, 'GONE')) {
        setInvitation(undefined);
        setInvitationFailed(true);
        submission.current = undefined;
        setErrors(fieldErrs);
        setFormError(t('invitationInvalid'));
        return;
      }
      if (isAppError(err, 'CONFLICT') || isAppError(err, 'UNPROCESSABLE')) {
        // The slot was taken meanwhile or is no longer bookable: offer fresh slots.
        fieldErrs.slot = isAppError(err, 'CONFLICT') ? 'errSlotTaken' : 'errPast';
        setSlot(undefined);
        setReloadSlots((n) => n + 1);
        submission.current = undefined;
      }
      setErrors(fieldErrs);
      setFormError(t(...errorKey(err)));
      focusFirst(fieldErrs);
    } finally {
      setBusy(false);
    }
  }

  if (result && product) {
    return (
      <BookingResult
        t={t}
        lang={lang}
        result={result}
        product={product}
        headingLevel={headingLevel}
        onAnother={() => {
          setResult(undefined);
          setSlot(undefined);
          submission.current = undefined;
          setReloadSlots((n) => n + 1);
        }}
      />
    );
  }

  const invalid = (f: BookingField) => (errors[f] ? { 'aria-invalid': true as const, 'aria-describedby': `${f}-error` } : {});
  const productName = (p: ProductView) => p.name[lang];

  return (
    <form className="booking-form" onSubmit={submit} noValidate data-testid="booking-form">
      {invitationCode && invitation && product && (
        <div className="banner" role="status" data-testid="invitation-banner">
          <p>{t('invitationIntro', { product: productName(product) })}</p>
          <p>{t('invitationExpires', { date: new Date(`${invitation.expiresOn}T12:00:00Z`).toLocaleDateString(`${lang}-BE`) })}</p>
          {invitation.reducedMobility && <p>{t('invitationHomeVisit')}</p>}
        </div>
      )}
      {invitationCode && invitationFailed && (
        <p className="banner" role="status">
          {t('invitationInvalid')}
        </p>
      )}

      <section aria-labelledby="step-product">
        <H id="step-product">{t('stepProduct')}</H>
        {!products && !formError && <p role="status">{t('loading')}</p>}
        <fieldset className="choice-list">
          <legend className="visually-hidden">{t('stepProduct')}</legend>
          {products?.map((p) => (
            <label key={p.id} className={`choice${productId === p.id ? ' chosen' : ''}`}>
              <input type="radio" name="product" value={p.id} checked={productId === p.id} onChange={() => chooseProduct(p.id)} data-testid={`product-${p.id}`} />
              <span>
                <span className="choice-title">{productName(p)}</span>
                <span className="hint">
                  {p.feeCents > 0 ? t('fee', { amount: formatMoney(p.feeCents, lang) }) : t('free')} · {t('duration', { minutes: p.durationMinutes })}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      </section>

      {product && (
        <section aria-labelledby="step-channel">
          <H id="step-channel">{t('stepChannel')}</H>
          <fieldset className="choice-list">
            <legend className="visually-hidden">{t('stepChannel')}</legend>
            {channels.map((c) => (
              <label key={c} className={`choice${channel === c ? ' chosen' : ''}`}>
                <input
                  type="radio"
                  name="channel"
                  value={c}
                  checked={channel === c}
                  onChange={() => {
                    setChannel(c);
                    setSlot(undefined);
                  }}
                  data-testid={`channel-${c}`}
                />
                <span>
                  <span className="choice-title">{t(`channel_${c}`)}</span>
                  <span className="hint">{t(`channelHint_${c}`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
        </section>
      )}

      {product && needsAddress && (
        <section aria-labelledby="step-address">
          <H id="step-address">{t('stepAddress')}</H>
          <AddressFields t={t} choice={addressChoice} onChoice={setAddressChoice} value={address} onChange={setAddress} errors={errors} />
        </section>
      )}

      {readyForSlot && (
        <section aria-labelledby="step-slot">
          <H id="step-slot">{t('stepSlot')}</H>
          <SlotPicker t={t} lang={lang} api={api} productId={product!.id} channel={channel!} location={location} value={slot} onChange={chooseSlot} error={errors.slot} reloadKey={reloadSlots} />
        </section>
      )}

      {readyForSlot && slot && (
        <section aria-labelledby="step-contact">
          <H id="step-contact">{t('stepContact')}</H>
          <p className="hint" id="contact-hint">
            {t('contactHint')}
          </p>
          <div className="field">
            <label htmlFor="name">{t('name')}</label>
            <input id="name" autoComplete="name" maxLength={120} value={contact.name} onChange={(e) => setContact({ ...contact, name: e.target.value })} {...invalid('name')} data-testid="contact-name" />
            <FieldError t={t} id="name-error" error={errors.name} />
          </div>
          {verifiedCitizen?.nationalNumber && (
            <div className="field">
              <label htmlFor="national-number">{t('nationalNumber')}</label>
              <input id="national-number" readOnly value={formatNationalNumber(verifiedCitizen.nationalNumber)} data-testid="national-number" />
            </div>
          )}
          <div className="field-row">
            <div className="field">
              <label htmlFor="email">{t('email')}</label>
              <input id="email" type="email" autoComplete="email" maxLength={254} value={contact.email} onChange={(e) => setContact({ ...contact, email: e.target.value })} {...invalid('email')} data-testid="contact-email" />
              <FieldError t={t} id="email-error" error={errors.email} />
            </div>
            <div className="field">
              <label htmlFor="phone">{t('phone')}</label>
              <input id="phone" type="tel" autoComplete="tel" maxLength={24} value={contact.phone} aria-describedby={errors.phone ? 'phone-error' : 'phone-hint'} aria-invalid={errors.phone ? true : undefined} onChange={(e) => setContact({ ...contact, phone: e.target.value })} data-testid="contact-phone" />
              <span id="phone-hint" className="hint">
                {t('phoneHint')}
              </span>
              <FieldError t={t} id="phone-error" error={errors.phone} />
            </div>
          </div>
          <div className="field">
            <label htmlFor="contact-lang">{t('contactLanguage')}</label>
            <select id="contact-lang" value={contactLang} onChange={(e) => isLanguage(e.target.value) && setContactLang(e.target.value)}>
              {LANGUAGES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="remarks">{t('remarks')}</label>
            <textarea id="remarks" rows={3} maxLength={1000} value={contact.remarks} onChange={(e) => setContact({ ...contact, remarks: e.target.value })} {...invalid('remarks')} />
            <FieldError t={t} id="remarks-error" error={errors.remarks} />
          </div>
        </section>
      )}

      {readyForSlot && slot && (
        <section aria-labelledby="step-confirm">
          <H id="step-confirm">{t('stepConfirm')}</H>
          <dl className="summary" data-testid="booking-summary">
            <dt>{t('summaryProduct')}</dt>
            <dd>{productName(product!)}</dd>
            <dt>{t('summaryChannel')}</dt>
            <dd>{t(`channel_${channel!}`)}</dd>
            <dt>{t('summaryWhen')}</dt>
            <dd>{formatDateTime(slot.startsAt, lang)}</dd>
            {needsAddress && (
              <>
                <dt>{t('summaryAddress')}</dt>
                <dd>{address.line || DEMO_ADDRESSES.find((a) => a.id === addressChoice)?.line}</dd>
              </>
            )}
            {product!.feeCents > 0 && (
              <>
                <dt>{t('fee', { amount: '' }).replace(/[:\s]+$/, '')}</dt>
                <dd>{formatMoney(product!.feeCents, lang)}</dd>
              </>
            )}
          </dl>
          <button type="submit" disabled={busy} aria-describedby={formError ? 'form-error' : 'proof-why'} data-testid="book-submit">
            {busy ? t('booking') : t('confirm')}
          </button>
          <p className="hint" id="proof-why">
            {t('proofWhy')}
          </p>
          {/* Polite and in steps of ten: a screen reader hears the check advance without being flooded. */}
          <p role="status" className="proof-progress" data-testid="proof-progress">
            {proofProgress !== undefined ? t('proofWorking', { percent: String(proofProgress) }) : ''}
          </p>
        </section>
      )}
      <div aria-live="assertive" className="form-error-region">
        {formError && (
          <p className="error" id="form-error" data-testid="booking-error">
            {formError}
          </p>
        )}
      </div>
    </form>
  );
}
