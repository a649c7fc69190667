import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallSession, SessionState } from '@videoloket/call-client';
import type { FormFieldView, FormState, FormTemplateView } from '@videoloket/contracts';
import { PdfPreview, SignatureBox, SignDialog, signatureRefusal } from '@videoloket/call-client/forms';
import { pageLanguage } from '../i18n/featureText';
import { formText, signatureLabels } from './labels';

// Issue 4 on the clerk's side: pick a template, fill its fields (the citizen sees the same
// rendering live), ask the citizen to sign, sign yourself, finalise into a sealed PDF.
// The words live in ./labels.ts (nl/fr/en); the desk's <html lang> picks them.
const T = formText;

export function FormPanel({ session, state }: { session: CallSession; state: SessionState }) {
  const socket = session.socket;
  const [templates, setTemplates] = useState<FormTemplateView[]>([]);
  const [choice, setChoice] = useState('');
  const [form, setForm] = useState<FormState | null>(null);
  const [draft, setDraft] = useState<Record<string, string | boolean>>({});
  const [error, setError] = useState<string>();
  const [asked, setAsked] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [sealed, setSealed] = useState<string>();
  /** The signature field the clerk is signing in the dialog (a box in the page would move when the call's layout changes). */
  const [signingSelf, setSigningSelf] = useState<string>();
  const latest = useRef(-1);
  const admitted = state.self?.status === 'admitted';

  // Keep only the newest state: fills answer out of order when the clerk types fast.
  const accept = useCallback((next: FormState | null) => {
    if (next && latest.current > next.version && next.sessionId === form?.sessionId) return;
    latest.current = next?.version ?? -1;
    setForm(next);
  }, [form?.sessionId]);

  useEffect(() => {
    if (!admitted) return;
    void socket.request('form:templates', {}).then((list) => {
      setTemplates(list);
      setChoice((c) => c || list[0]?.id || '');
    }, report);
    void socket.request('form:current', {}).then((s) => {
      if (s) {
        setForm(s);
        setDraft(s.values);
      }
    }, report);
    return socket.on('form:state', (s) => setForm((prev) => (prev && prev.sessionId === s.sessionId && prev.version > s.version ? prev : s)));
  }, [socket, admitted]);

  function report(err: unknown) {
    setError(err instanceof Error ? err.message : String(err));
  }

  async function act<T>(fn: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(undefined);
    try {
      return await fn();
    } catch (err) {
      report(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  /** The clerk's own signature: the box says why it was not taken (in Dutch, by the error's code); other failures also show above the form. */
  async function sign(sessionId: string, fieldName: string, png: string): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      accept(await socket.request('form:sign', { sessionId, fieldName, png }));
      setSigningSelf(undefined);
    } catch (err) {
      if (!signatureRefusal(err)) report(err);
      throw err;
    } finally {
      setBusy(false);
    }
  }

  const fillTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const pending = useRef<Record<string, string | boolean>>({});
  function change(field: FormFieldView, value: string | boolean) {
    setDraft((d) => ({ ...d, [field.name]: value }));
    if (!form) return;
    // Typing: send what changed in one fill a moment after the last keystroke.
    pending.current[field.name] = value;
    clearTimeout(fillTimer.current);
    const sessionId = form.sessionId;
    fillTimer.current = setTimeout(() => {
      const values = pending.current;
      pending.current = {};
      socket.request('form:fill', { sessionId, values }).then((s) => {
        accept(s);
        setError(undefined);
      }, report);
    }, 250);
  }

  const citizen = state.call?.participants.find((p) => p.role === 'citizen' && p.status === 'admitted');
  const signedBy = (name: string) => form?.signatures.find((s) => s.fieldName === name);
  const complete = !!form && form.fields.filter((f) => f.type === 'signature' && f.required).every((f) => signedBy(f.name));

  const finalised = !!form?.finalised;
  const onBytes = useCallback(
    (bytes: Uint8Array) => {
      if (finalised) setSealed(URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' })));
    },
    [finalised],
  );

  return (
    <section className="panel form-panel" aria-labelledby="form-heading" data-testid="form-panel">
      <h2 id="form-heading">{T('heading')}</h2>
      <div className="form-pick">
        <label htmlFor="form-template">{T('pick')}</label>
        <select id="form-template" value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="form-template">
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title[pageLanguage()]}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={!choice || busy || !admitted}
          onClick={() =>
            void act(async () => {
              const s = await socket.request('form:open', { formId: choice });
              latest.current = s.version;
              setForm(s);
              setDraft(s.values);
              setAsked(new Set());
              setSealed(undefined);
            })
          }
          data-testid="form-open"
        >
          {T('open')}
        </button>
      </div>
      {error && (
        <p role="alert" className="error" data-testid="form-error">
          {error}
        </p>
      )}
      {!form ? (
        <p className="status">{T('none')}</p>
      ) : (
        <div className="form-work">
          <form className="form-fields" onSubmit={(e) => e.preventDefault()} aria-label={form.title}>
            <h3>{form.title}</h3>
            {form.fields.map((f) =>
              f.type === 'signature' ? (
                <fieldset key={f.name} className="form-signature" data-testid={`sig-${f.name}`}>
                  <legend>{f.label[pageLanguage()]}</legend>
                  {signedBy(f.name) ? (
                    <p className="status" data-testid="signature-done">{T('signed', { name: signedBy(f.name)!.displayName })}</p>
                  ) : f.signer === 'citizen' ? (
                    citizen ? (
                      <>
                        <button
                          type="button"
                          disabled={busy || form.finalised}
                          onClick={() =>
                            void act(async () => {
                              await socket.request('form:request-signature', { sessionId: form.sessionId, fieldName: f.name, participantId: citizen.id });
                              setAsked((a) => new Set(a).add(f.name));
                            })
                          }
                          data-testid="form-ask-sign"
                        >
                          {T('askSign')}
                        </button>
                        {asked.has(f.name) && <p className="status" role="status">{T('asked')}</p>}
                      </>
                    ) : (
                      <p className="status">{T('noCitizen')}</p>
                    )
                  ) : (
                    <>
                      <button type="button" disabled={busy || form.finalised} onClick={() => setSigningSelf(f.name)} data-testid="form-sign-self">
                        {T('signHere')}
                      </button>
                      <SignDialog
                        open={signingSelf === f.name}
                        onClose={() => setSigningSelf(undefined)}
                        title={f.label[pageLanguage()]}
                        ask={T('signAsk')}
                        document={<PdfPreview socket={socket} sessionId={form.sessionId} version={form.version} finalised={false} label={T('preview')} />}
                        documentLabel={T('preview')}
                        testId="clerk-sign-dialog"
                      >
                        <SignatureBox labels={signatureLabels()} busy={busy} describedBy="clerk-sign-dialog-ask" onConfirm={(png) => sign(form.sessionId, f.name, png)} />
                        <button type="button" className="secondary" onClick={() => setSigningSelf(undefined)} data-testid="sign-cancel">
                          {T('cancel')}
                        </button>
                      </SignDialog>
                    </>
                  )}
                </fieldset>
              ) : (
                <FieldInput key={f.name} field={f} value={draft[f.name]} disabled={form.locked || form.finalised} onChange={(v) => change(f, v)} />
              ),
            )}
            {form.finalised ? (
              <>
                <p className="status" role="status" data-testid="form-finalised">{T('finalised')}</p>
                {sealed && (
                  <a href={sealed} download={`${form.title}.pdf`} data-testid="form-download">
                    {T('download')}
                  </a>
                )}
              </>
            ) : (
              <button
                type="button"
                disabled={!complete || busy}
                onClick={() => void act(async () => accept(await socket.request('form:finalise', { sessionId: form.sessionId })))}
                data-testid="form-finalise"
              >
                {T('finalise')}
              </button>
            )}
          </form>
          <PdfPreview
            socket={socket}
            sessionId={form.sessionId}
            version={form.version}
            finalised={form.finalised}
            label={T('preview')}
            onBytes={onBytes}
          />
        </div>
      )}
    </section>
  );
}

function FieldInput({ field, value, disabled, onChange }: { field: FormFieldView; value: string | boolean | undefined; disabled: boolean; onChange(v: string | boolean): void }) {
  const id = `form-field-${field.name}`;
  const label = `${field.label[pageLanguage()]}${field.required ? ` (${T('required')})` : ''}`;
  if (field.type === 'checkbox') {
    return (
      <div className="form-field checkbox">
        <input id={id} type="checkbox" checked={value === true} disabled={disabled} onChange={(e) => onChange(e.target.checked)} data-testid={id} />
        <label htmlFor={id}>{label}</label>
      </div>
    );
  }
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode={field.type === 'date' ? 'numeric' : undefined}
        placeholder={field.type === 'date' ? T('datePlaceholder') : undefined}
        maxLength={field.maxLength}
        value={typeof value === 'string' ? value : ''}
        disabled={disabled}
        required={field.required}
        onChange={(e) => onChange(e.target.value)}
        data-testid={id}
      />
    </div>
  );
}
