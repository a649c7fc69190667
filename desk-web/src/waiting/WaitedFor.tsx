import { useEffect, useState } from 'react';
import { waitedText } from './labels';
import './waiting.css';

const TICK_MS = 15_000;

/** "waiting for 3 min", kept current while shown; plain text (not a live region) so a screen reader reads it with the entry, not on every tick. */
export function WaitedFor({ since }: { since: string }) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <span className="waited-for" data-testid="waited-for">
      {waitedText(since, now)}
    </span>
  );
}
