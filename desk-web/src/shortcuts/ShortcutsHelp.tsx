import { useEffect, useRef } from 'react';
import { keysLabel, SHORTCUT_ACTIONS } from './shortcuts';
import { shortcutText } from './labels';

/** The shortcuts, in a modal dialog (Escape or the button closes it; focus returns to where it was). */
export function ShortcutsHelp({ open, onClose, questionMark, onQuestionMarkChange }: { open: boolean; onClose(): void; questionMark: boolean; onQuestionMarkChange(on: boolean): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="shortcuts-help" aria-labelledby="shortcuts-heading" onClose={onClose} data-testid="shortcuts-help">
      <h2 id="shortcuts-heading">{shortcutText('shortcuts')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{shortcutText('colAction')}</th>
            <th scope="col">{shortcutText('colKeys')}</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUT_ACTIONS.map((a) => (
            <tr key={a}>
              <td>{shortcutText(a)}</td>
              <td>
                <kbd>{keysLabel(a)}</kbd>
                {a === 'help' && questionMark && ` ${shortcutText('helpAlsoQuestionMark')}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="check">
        <input id="question-mark-help" type="checkbox" checked={questionMark} onChange={(e) => onQuestionMarkChange(e.target.checked)} data-testid="question-mark-help" />
        <label htmlFor="question-mark-help">{shortcutText('questionMarkOpensHelp')}</label>
      </div>
      <button type="button" onClick={onClose} autoFocus>
        {shortcutText('close')}
      </button>
    </dialog>
  );
}
