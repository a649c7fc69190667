import { CallOutcome } from '@videoloket/contracts';
import { outcomeLabel, outcomeText } from './labels';

/** The clerk says what came of the call as they end it (radio buttons: arrow keys move between them). */
export function OutcomeChoice({ value, onChange }: { value: CallOutcome; onChange(outcome: CallOutcome): void }) {
  return (
    <fieldset className="outcome-choice" data-testid="call-outcome">
      <legend>{outcomeText('outcome')}</legend>
      {CallOutcome.options.map((o) => (
        <label key={o}>
          <input type="radio" name="call-outcome" value={o} checked={value === o} onChange={() => onChange(o)} /> {outcomeLabel(o)}
        </label>
      ))}
    </fieldset>
  );
}
