import { describe, expect, it } from 'vitest';
import { AppError } from '@videoloket/contracts/errors';
import { handshakeErrorCode, isAppError, RequestError } from './errors';

describe('errors', () => {
  it('turns an error ack into an AppError with the server code', () => {
    const err = new RequestError('chat:send', { code: 'FORBIDDEN', message: 'waiting', issues: [{ path: 'text', message: 'x' }] });
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('FORBIDDEN');
    expect(err.issues).toHaveLength(1);
    expect(isAppError(err, 'FORBIDDEN')).toBe(true);
    expect(isAppError(err, 'GONE')).toBe(false);
  });
  it('recognises handshake error codes only', () => {
    expect(handshakeErrorCode('GONE')).toBe('GONE');
    expect(handshakeErrorCode('xhr poll error')).toBeUndefined();
  });
});
