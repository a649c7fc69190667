import { describe, expect, it } from 'vitest';
import { AppError } from '@videoloket/contracts/errors';
import { RequestError } from '../errors';
import { signatureProblem, signatureRefusal } from './signature-check';

const box = { width: 400, height: 180 };
const line = (x0: number, y0: number, x1: number, y1: number) => ({ points: [{ x: x0, y: y0 }, { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, { x: x1, y: y1 }] });

describe('signatureProblem', () => {
  it('accepts two strokes across the box', () => {
    expect(signatureProblem([line(20, 120, 360, 60), line(150, 40, 200, 150)], box)).toBeUndefined();
  });
  it('refuses an empty box, a single stroke however long, and a small knot anywhere', () => {
    expect(signatureProblem([], box)).toBe('empty');
    expect(signatureProblem([line(10, 10, 390, 170)], box)).toBe('one-stroke');
    expect(signatureProblem([line(180, 80, 200, 95), line(185, 90, 205, 82)], box)).toBe('too-small');
    expect(signatureProblem([line(5, 5, 60, 20), line(10, 15, 50, 8)], box)).toBe('too-small');
    // wide but flat: a line under a name is not a signature either
    expect(signatureProblem([line(20, 90, 380, 92), line(30, 91, 370, 93)], box)).toBe('too-small');
  });
});

describe('signatureRefusal', () => {
  it("reads the server's refusal from its code, never from its English text", () => {
    expect(signatureRefusal(new RequestError('form:sign', { code: 'SIGNATURE_TOO_SMALL', message: 'anything' }))).toBe('too-small');
    expect(signatureRefusal(new RequestError('form:sign', { code: 'SIGNATURE_EMPTY', message: 'x' }))).toBe('empty');
    expect(signatureRefusal(new AppError('SIGNATURE_NAME_UNPRINTABLE', 'x'))).toBe('name-unprintable');
    expect(signatureRefusal(new AppError('UNPROCESSABLE', 'The signature is too small'))).toBeUndefined();
    expect(signatureRefusal(new Error('SIGNATURE_TOO_SMALL'))).toBeUndefined();
  });
});
