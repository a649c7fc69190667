import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { isLanguage, type CallSession, type Language } from '@videoloket/call-client';
import type { FormLabels, FormState } from '@videoloket/contracts';
import { PdfPreview, SignatureBox, SignDialog, signatureRefusal } from '@videoloket/call-client/forms';

// Issue 4 on the citizen's side: the document the clerk fills, live and read-only; a
// signature pad when (and only when) the clerk asks; the sealed result to download.
// Issue 17: the document stays readable while signing (beside the box on wide screens,
// above it on phones); "Later" can be undone with "Sign now"; who cannot draw signs by
// typing their full name (a simple electronic signature, marked so on the audit page).
const TEXT = {
  nl: {
    heading: 'Document van de medewerker',
    preview: 'Het document dat de medewerker invult',
    askTitle: 'Uw handtekening',
    ask: (f: string) => `De medewerker vraagt u te tekenen: ${f}. Lees het document en teken met uw vinger of de muis in het vak.`,
    asked: 'De medewerker vraagt u het document te tekenen.',
    cancel: 'Later',
    signNow: 'Nu tekenen',
    waitingForYou: 'Uw handtekening wordt nog gevraagd.',
    thanks: 'Bedankt, uw handtekening staat op het document.',
    done: 'Het document is afgerond en verzegeld.',
    download: 'Document downloaden (PDF)',
    clear: 'Opnieuw',
    confirm: 'Handtekening bevestigen',
    empty: 'Het vak is nog leeg.',
    canvas: 'Tekenvak voor uw handtekening',
    tooSmall: 'De handtekening is te klein: teken over de breedte van het vak.',
    oneStroke: 'Eén lijn is geen handtekening: teken uw volledige handtekening.',
    typeInstead: 'Kunt u niet tekenen? Typ uw naam',
    drawInstead: 'Liever tekenen',
    typedName: 'Uw volledige naam',
    typedConsent: 'Ik onderteken dit document met mijn getypte naam.',
    typedConfirm: 'Ondertekenen met mijn naam',
    typedNeedsName: 'Typ uw volledige naam (voornaam en achternaam).',
    typedNeedsConsent: 'Vink aan dat u met uw getypte naam ondertekent.',
    typedUnprintable: 'Uw naam bevat een teken dat het document niet kan afdrukken. Teken liever in het vak.',
    failed: 'Uw handtekening is niet aanvaard. Probeer het opnieuw.',
  },
  fr: {
    heading: 'Document de l’agent',
    preview: 'Le document que l’agent remplit',
    askTitle: 'Votre signature',
    ask: (f: string) => `L’agent vous demande de signer : ${f}. Lisez le document et signez avec le doigt ou la souris dans le cadre.`,
    asked: 'L’agent vous demande de signer le document.',
    cancel: 'Plus tard',
    signNow: 'Signer maintenant',
    waitingForYou: 'Votre signature est encore demandée.',
    thanks: 'Merci, votre signature figure sur le document.',
    done: 'Le document est finalisé et scellé.',
    download: 'Télécharger le document (PDF)',
    clear: 'Recommencer',
    confirm: 'Confirmer la signature',
    empty: 'Le cadre est encore vide.',
    canvas: 'Cadre pour votre signature',
    tooSmall: 'La signature est trop petite : signez sur la largeur du cadre.',
    oneStroke: 'Un seul trait n’est pas une signature : signez complètement.',
    typeInstead: 'Vous ne pouvez pas dessiner ? Tapez votre nom',
    drawInstead: 'Plutôt dessiner',
    typedName: 'Votre nom complet',
    typedConsent: 'Je signe ce document avec mon nom tapé.',
    typedConfirm: 'Signer avec mon nom',
    typedNeedsName: 'Tapez votre nom complet (prénom et nom).',
    typedNeedsConsent: 'Cochez la case pour signer avec votre nom tapé.',
    typedUnprintable: 'Votre nom contient un caractère que le document ne peut pas imprimer. Signez plutôt dans le cadre.',
    failed: 'Votre signature n’a pas été acceptée. Réessayez.',
  },
  en: {
    heading: 'Document from the clerk',
    preview: 'The document the clerk is filling in',
    askTitle: 'Your signature',
    ask: (f: string) => `The clerk asks you to sign: ${f}. Read the document and draw with your finger or the mouse in the box.`,
    asked: 'The clerk asks you to sign the document.',
    cancel: 'Later',
    signNow: 'Sign now',
    waitingForYou: 'Your signature is still requested.',
    thanks: 'Thank you, your signature is on the document.',
    done: 'The document is finished and sealed.',
    download: 'Download the document (PDF)',
    clear: 'Start again',
    confirm: 'Confirm signature',
    empty: 'The box is still empty.',
    canvas: 'Box for your signature',
    tooSmall: 'The signature is too small: sign across the width of the box.',
    oneStroke: 'A single line is not a signature: sign in full.',
    typeInstead: 'Cannot draw? Type your name',
    drawInstead: 'Draw instead',
    typedName: 'Your full name',
    typedConsent: 'I sign this document with my typed name.',
    typedConfirm: 'Sign with my name',
    typedNeedsName: 'Type your full name (first and last name).',
    typedNeedsConsent: 'Tick the box to sign with your typed name.',
    typedUnprintable: 'Your name has a character the document cannot print. Please draw your signature instead.',
    failed: 'Your signature was not accepted. Please try again.',
  },
} satisfies Record<Language, Record<string, string | ((f: string) => string)>>;

export type FormAnnouncement = 'asked' | 'signed' | 'sealed';

export function CitizenForm({ session, onAnnounce }: { session: CallSession; onAnnounce?: (what: FormAnnouncement, text: string) => void }) {
  const socket = session.socket;
  const lang: Language = isLanguage(document.documentElement.lang) ? (document.documentElement.lang as Language) : 'nl';
  const t = TEXT[lang];
  const [form, setForm] = useState<FormState | null>(null);
  const [request, setRequest] = useState<{ sessionId: string; fieldName: string; label: FormLabels }>();
  const [signing, setSigning] = useState(false);
  const [busy, setBusy] = useState(false);
  const [thanks, setThanks] = useState(false);
  const [sealed, setSealed] = useState<string>();
  const signNow = useRef<HTMLButtonElement>(null);
  const announce = useRef(onAnnounce);
  announce.current = onAnnounce;

  // A signature the server took counts even when its acknowledgement was lost (a slow render
  // past the request's deadline, a redial): the pushed state says this field carries our name.
  const me = session.getSnapshot().self?.participantId;
  useEffect(() => {
    if (request && form?.sessionId === request.sessionId && form.signatures.some((s) => s.fieldName === request.fieldName && s.participantId === me)) {
      setRequest(undefined);
      setSigning(false);
      setThanks(true);
      announce.current?.('signed', t.thanks);
    }
  }, [form, request, me, t]);

  useEffect(() => {
    void socket.request('form:current', {}).then(setForm, () => undefined);
    const offState = socket.on('form:state', (s) => setForm((prev) => newer(prev, s)));
    const offAsk = socket.on('form:signature-requested', (r) => {
      setRequest(r);
      setSigning(true);
      setThanks(false);
      announce.current?.('asked', t.asked);
    });
    return () => {
      offState();
      offAsk();
    };
  }, [socket, t]);

  const finalised = !!form?.finalised;
  useEffect(() => {
    if (finalised) announce.current?.('sealed', t.done);
  }, [finalised, t]);
  const onBytes = useCallback(
    (bytes: Uint8Array) => {
      if (finalised) setSealed(URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' })));
    },
    [finalised],
  );

  /** Rejects when the signature is not taken: the box or the typed-name form says why, in the citizen's language. */
  async function sign(mark: { png: string } | { typedName: string }): Promise<void> {
    if (!request) return;
    setBusy(true);
    try {
      // Signing renders the document on the server: allow a busy server more than the usual 10 s.
      const state = await socket.request('form:sign', { sessionId: request.sessionId, fieldName: request.fieldName, ...mark }, { timeoutMs: 30_000 });
      setForm((prev) => newer(prev, state));
    } finally {
      setBusy(false);
    }
  }

  function later() {
    setSigning(false);
    // Focus goes to the button that brings the box back.
    requestAnimationFrame(() => signNow.current?.focus());
  }

  if (!form) return null;
  return (
    <section className="panel form-panel" aria-labelledby="citizen-form-heading" data-testid="citizen-form">
      <h2 id="citizen-form-heading">{t.heading}</h2>
      <p>{form.title}</p>
      {request && !signing && (
        <p className="banner sign-pending" data-testid="sign-pending">
          {t.waitingForYou}{' '}
          <button type="button" ref={signNow} onClick={() => setSigning(true)} data-testid="sign-now">
            {t.signNow}
          </button>
        </p>
      )}
      {thanks && !finalised && (
        <p className="status" data-testid="citizen-signed">
          {t.thanks}
        </p>
      )}
      {finalised && (
        <p className="status" data-testid="citizen-form-finalised">
          {t.done}{' '}
          {sealed && (
            <a href={sealed} download={`${form.title}.pdf`} data-testid="citizen-form-download">
              {t.download}
            </a>
          )}
        </p>
      )}
      {!signing && <PdfPreview socket={socket} sessionId={form.sessionId} version={form.version} finalised={finalised} label={t.preview} onBytes={onBytes} />}
      <SignDialog
        open={Boolean(request && signing)}
        onClose={() => setSigning(false)}
        title={t.askTitle}
        ask={request ? t.ask(request.label[lang]) : ''}
        document={form && <PdfPreview socket={socket} sessionId={form.sessionId} version={form.version} finalised={false} label={t.preview} />}
        documentLabel={t.preview}
        testId="sign-dialog"
      >
        {request && <SignChoice key={request.fieldName} t={t} busy={busy} onSign={sign} />}
        <button type="button" className="secondary" onClick={later} data-testid="sign-later">
          {t.cancel}
        </button>
      </SignDialog>
    </section>
  );
}

/** Pushes and acknowledgements can cross: an older version of the same form never replaces a newer one. */
function newer(prev: FormState | null, next: FormState): FormState {
  return prev && prev.sessionId === next.sessionId && prev.version > next.version ? prev : next;
}

function SignChoice({ t, busy, onSign }: { t: (typeof TEXT)['nl']; busy: boolean; onSign(mark: { png: string } | { typedName: string }): Promise<void> }) {
  const [typing, setTyping] = useState(false);
  const [name, setName] = useState('');
  const [consent, setConsent] = useState(false);
  const [problem, setProblem] = useState<string>();

  function submitTyped(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if ((trimmed.match(/\p{L}/gu) ?? []).length < 2) return setProblem(t.typedNeedsName);
    if (!consent) return setProblem(t.typedNeedsConsent);
    setProblem(undefined);
    onSign({ typedName: trimmed }).catch((err: unknown) => {
      const refusal = signatureRefusal(err);
      setProblem(refusal === 'name-invalid' ? t.typedNeedsName : refusal === 'name-unprintable' ? t.typedUnprintable : t.failed);
    });
  }

  if (!typing) {
    return (
      <>
        <SignatureBox
          labels={{ clear: t.clear, confirm: t.confirm, empty: t.empty, canvas: t.canvas, tooSmall: t.tooSmall, oneStroke: t.oneStroke, failed: t.failed }}
          busy={busy}
          describedBy="sign-dialog-ask"
          onConfirm={(png) => onSign({ png })}
        />
        <button type="button" className="link-button" onClick={() => setTyping(true)} data-testid="sign-type-instead">
          {t.typeInstead}
        </button>
      </>
    );
  }
  return (
    <form className="typed-signature" onSubmit={submitTyped} noValidate data-testid="typed-signature">
      <div className="field">
        <label htmlFor="typed-name">{t.typedName}</label>
        <input id="typed-name" value={name} maxLength={80} autoComplete="name" onChange={(e) => setName(e.target.value)} aria-invalid={problem === t.typedNeedsName || undefined} data-testid="typed-name" />
      </div>
      <label className="check">
        <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} data-testid="typed-consent" /> {t.typedConsent}
      </label>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <button type="submit" disabled={busy} data-testid="typed-confirm">
        {t.typedConfirm}
      </button>
      <button type="button" className="link-button" onClick={() => setTyping(false)}>
        {t.drawInstead}
      </button>
    </form>
  );
}
