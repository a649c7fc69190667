import { useCallback, useEffect, useRef, useState } from 'react';
import { isLanguage, type CallSession, type Language } from '@videoloket/call-client';
import type { FormLabels, FormState } from '@videoloket/contracts';
import { PdfPreview, SignatureBox } from '@videoloket/call-client/forms';

// Issue 4 on the citizen's side: the document the clerk fills, live and read-only; a
// signature pad when (and only when) the clerk asks; the sealed result to download.
const TEXT: Record<Language, { heading: string; preview: string; askTitle: string; ask: (field: string) => string; cancel: string; thanks: string; done: string; download: string; clear: string; confirm: string; empty: string; canvas: string }> = {
  nl: {
    heading: 'Document van de medewerker',
    preview: 'Het document dat de medewerker invult',
    askTitle: 'Uw handtekening',
    ask: (f) => `De medewerker vraagt u te tekenen: ${f}. Teken met uw vinger of de muis in het vak.`,
    cancel: 'Later',
    thanks: 'Bedankt, uw handtekening staat op het document.',
    done: 'Het document is afgerond en verzegeld.',
    download: 'Document downloaden (PDF)',
    clear: 'Opnieuw',
    confirm: 'Handtekening bevestigen',
    empty: 'Het vak is nog leeg.',
    canvas: 'Tekenvak voor uw handtekening',
  },
  fr: {
    heading: 'Document de l’agent',
    preview: 'Le document que l’agent remplit',
    askTitle: 'Votre signature',
    ask: (f) => `L’agent vous demande de signer : ${f}. Signez avec le doigt ou la souris dans le cadre.`,
    cancel: 'Plus tard',
    thanks: 'Merci, votre signature figure sur le document.',
    done: 'Le document est finalisé et scellé.',
    download: 'Télécharger le document (PDF)',
    clear: 'Recommencer',
    confirm: 'Confirmer la signature',
    empty: 'Le cadre est encore vide.',
    canvas: 'Cadre pour votre signature',
  },
  en: {
    heading: 'Document from the clerk',
    preview: 'The document the clerk is filling in',
    askTitle: 'Your signature',
    ask: (f) => `The clerk asks you to sign: ${f}. Draw with your finger or the mouse in the box.`,
    cancel: 'Later',
    thanks: 'Thank you, your signature is on the document.',
    done: 'The document is finished and sealed.',
    download: 'Download the document (PDF)',
    clear: 'Start again',
    confirm: 'Confirm signature',
    empty: 'The box is still empty.',
    canvas: 'Box for your signature',
  },
};

export function CitizenForm({ session }: { session: CallSession }) {
  const socket = session.socket;
  const lang: Language = isLanguage(document.documentElement.lang) ? (document.documentElement.lang as Language) : 'nl';
  const t = TEXT[lang];
  const [form, setForm] = useState<FormState | null>(null);
  const [request, setRequest] = useState<{ sessionId: string; fieldName: string; label: FormLabels }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [thanks, setThanks] = useState(false);
  const [sealed, setSealed] = useState<string>();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    void socket.request('form:current', {}).then(setForm, () => undefined);
    const offState = socket.on('form:state', (s) => setForm((prev) => (prev && prev.sessionId === s.sessionId && prev.version > s.version ? prev : s)));
    const offAsk = socket.on('form:signature-requested', (r) => {
      setRequest(r);
      setThanks(false);
      setError(undefined);
    });
    return () => {
      offState();
      offAsk();
    };
  }, [socket]);

  useEffect(() => {
    // A modal <dialog> traps focus and closes on Escape: keyboard users reach clear/confirm.
    if (request && dialog.current && !dialog.current.open) dialog.current.showModal();
    if (!request && dialog.current?.open) dialog.current.close();
  }, [request]);

  const finalised = !!form?.finalised;
  const onBytes = useCallback(
    (bytes: Uint8Array) => {
      if (finalised) setSealed(URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' })));
    },
    [finalised],
  );

  async function confirm(png: string) {
    if (!request) return;
    setBusy(true);
    setError(undefined);
    try {
      setForm(await socket.request('form:sign', { sessionId: request.sessionId, fieldName: request.fieldName, png }));
      setRequest(undefined);
      setThanks(true);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  if (!form) return null;
  return (
    <section className="panel form-panel" aria-labelledby="citizen-form-heading" data-testid="citizen-form">
      <h2 id="citizen-form-heading">{t.heading}</h2>
      <p>{form.title}</p>
      {thanks && !finalised && (
        <p className="status" role="status" data-testid="citizen-signed">
          {t.thanks}
        </p>
      )}
      {finalised && (
        <p className="status" role="status" data-testid="citizen-form-finalised">
          {t.done}{' '}
          {sealed && (
            <a href={sealed} download={`${form.title}.pdf`} data-testid="citizen-form-download">
              {t.download}
            </a>
          )}
        </p>
      )}
      <PdfPreview socket={socket} sessionId={form.sessionId} version={form.version} finalised={finalised} label={t.preview} onBytes={onBytes} />
      <dialog ref={dialog} aria-labelledby="sign-title" data-testid="sign-dialog" onClose={() => setRequest(undefined)} onCancel={() => setRequest(undefined)}>
        <h2 id="sign-title">{t.askTitle}</h2>
        {request && <p>{t.ask(request.label[lang])}</p>}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {request && <SignatureBox key={request.fieldName} labels={{ clear: t.clear, confirm: t.confirm, empty: t.empty, canvas: t.canvas }} busy={busy} onConfirm={(png) => void confirm(png)} />}
        <button type="button" className="secondary" onClick={() => setRequest(undefined)}>
          {t.cancel}
        </button>
      </dialog>
    </section>
  );
}
