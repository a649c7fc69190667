import type { ConnectionQuality } from '@videoloket/contracts';

const BARS: Record<ConnectionQuality, number> = { good: 3, weak: 2, 'very-weak': 1 };

/**
 * Three bars and a sentence saying what they mean (issue 16: "with an accessible text"). A
 * polite status, so a screen reader hears when the connection gets weak or better; the
 * bars are decoration, the words carry the meaning.
 */
export function QualityIndicator({ quality, text, testId }: { quality: ConnectionQuality | undefined; text: string; testId?: string }) {
  return (
    <p className="quality" role="status" data-quality={quality ?? 'unknown'} data-testid={testId}>
      <span className="quality-bars" aria-hidden="true">
        {[1, 2, 3].map((n) => (
          <span key={n} data-on={quality !== undefined && n <= BARS[quality]} />
        ))}
      </span>
      <span>{text}</span>
    </p>
  );
}
