import { useState } from 'react';
import type { CallOutcome } from '@videoloket/contracts';
import { OutcomeChoice } from './OutcomeChoice';

interface Props {
  labels: { end: string; question: string; yes: string; no: string };
  /** The outcome proposed when the clerk starts ending (someone talked to: completed; nobody: no-show). */
  proposed(): CallOutcome;
  onEnd(outcome: CallOutcome): void;
  /** `end-call` gives `end-call` and `end-call-confirm`. */
  testId: string;
}

/** Ending the call for everyone, with its outcome: a button, then the question with the choice. */
export function EndCall({ labels, proposed, onEnd, testId }: Props) {
  const [outcome, setOutcome] = useState<CallOutcome>();
  if (!outcome) {
    return (
      <button type="button" className="danger" onClick={() => setOutcome(proposed())} data-testid={testId}>
        {labels.end}
      </button>
    );
  }
  return (
    <span role="group" aria-label={labels.end} className="confirm">
      <span>{labels.question}</span>
      <OutcomeChoice value={outcome} onChange={setOutcome} />
      <button type="button" className="danger" onClick={() => onEnd(outcome)} data-testid={`${testId}-confirm`} autoFocus>
        {labels.yes}
      </button>
      <button type="button" className="secondary" onClick={() => setOutcome(undefined)}>
        {labels.no}
      </button>
    </span>
  );
}
