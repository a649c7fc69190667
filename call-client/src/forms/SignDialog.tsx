import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  open: boolean;
  /** Escape, or the dialog closed any other way. */
  onClose(): void;
  title: string;
  /** What is asked; describes the dialog (pass `${testId}-ask` as the box's describedBy). */
  ask: string;
  /** The document being signed, readable beside the box (above it on phones). */
  document: ReactNode;
  documentLabel: string;
  testId: string;
  children: ReactNode;
}

/**
 * The modal where a signature is given (citizen and clerk alike). Issue 17: the document
 * stays readable while signing, and nothing outside can move the box — the page behind a
 * modal no longer takes part in its layout, and the dialog's own parts have fixed sizes.
 * A modal <dialog> traps focus and closes on Escape: keyboard users reach every control.
 */
export function SignDialog({ open, onClose, title, ask, document, documentLabel, testId, children }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (open && d && !d.open) d.showModal();
    if (!open && d?.open) d.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="sign-dialog" aria-labelledby={`${testId}-title`} aria-describedby={`${testId}-ask`} data-testid={testId} onClose={onClose}>
      {open && (
        <div className="sign-layout">
          {/* Scrolls on its own: focusable, so keyboard users can scroll the document too. */}
          <div className="sign-document" tabIndex={0} role="region" aria-label={documentLabel} data-testid="sign-document">
            {document}
          </div>
          <div className="sign-pane">
            <h2 id={`${testId}-title`}>{title}</h2>
            <p id={`${testId}-ask`}>{ask}</p>
            {children}
          </div>
        </div>
      )}
    </dialog>
  );
}
