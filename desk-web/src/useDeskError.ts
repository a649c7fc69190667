import { useCallback, useState } from 'react';
import { isAppError } from '@videoloket/call-client';

/**
 * A desk view's error line: `fail(err)` signs out on an expired sign-in and otherwise shows
 * "something went wrong (CODE)" from the view's own catalogue (key `error`, var `code`).
 */
export function useDeskError(t: (key: 'error', vars: { code: string }) => string, onUnauthenticated: () => void) {
  const [error, setError] = useState<string>();
  const fail = useCallback(
    (err: unknown) => {
      if (isAppError(err, 'UNAUTHENTICATED')) return onUnauthenticated();
      setError(t('error', { code: isAppError(err) ? err.code : 'NETWORK' }));
    },
    [onUnauthenticated, t],
  );
  return { error, setError, fail };
}
