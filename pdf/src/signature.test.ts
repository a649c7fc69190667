import { describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { addSignature, currentPdf } from './index';
import { BlankSignatureError, FieldValueError, FormLockedError, InvalidSignatureImageError, SignatureTooSmallError, SignerNotAllowedError } from './errors';
import { PdfLimitsSchema } from './config';
import { inspectSignaturePng } from './png';
import { fitInto } from './render';
import { citizen, clerk, fixture, filledTravelPermit, inCall, interpreter } from './testing/fixtures';
import { imagePlacements, pageContent } from './testing/pdf-read';
import { encodeSignaturePng } from './testing/png-encode';

const limits = PdfLimitsSchema.parse({});

describe('signature images', () => {
  it('accepts a drawn signature and counts its ink', () => {
    const info = inspectSignaturePng(fixture('signature.png'), limits);
    expect(info).toMatchObject({ width: 480, height: 160 });
    expect(info.inkPixels).toBeGreaterThan(1000);
  });

  it('rejects an empty canvas and a single tap as blank', () => {
    expect(() => inspectSignaturePng(fixture('blank.png'), limits)).toThrow(BlankSignatureError);
    expect(() => inspectSignaturePng(fixture('dot.png'), limits)).toThrow(BlankSignatureError);
  });

  it('rejects a scribble that covers too little of the box, wherever it is', () => {
    // issue 17: enough ink to pass the blank check, but only a small knot of it.
    const knot = (ox: number, oy: number) => encodeSignaturePng(480, 160, (x, y) => x >= ox && x < ox + 40 && y >= oy && y < oy + 30 && (x + y) % 3 === 0);
    expect(() => inspectSignaturePng(knot(5, 5), limits)).toThrow(SignatureTooSmallError);
    expect(() => inspectSignaturePng(knot(220, 60), limits)).toThrow(SignatureTooSmallError);
    // a flat line across the box has width but no height: refused too
    expect(() => inspectSignaturePng(encodeSignaturePng(480, 160, (x, y) => y >= 80 && y < 83 && x > 40 && x < 440), limits)).toThrow(SignatureTooSmallError);
    // a real signature passes and reports where its ink is
    expect(inspectSignaturePng(fixture('signature.png'), limits).inkBox).toMatchObject({ left: expect.any(Number), bottom: expect.any(Number) });
  });

  it('rejects what is not a PNG, a truncated PNG, and oversized images', () => {
    expect(() => inspectSignaturePng(fixture('not-a-png.png'), limits)).toThrow(InvalidSignatureImageError);
    const png = fixture('signature.png');
    expect(() => inspectSignaturePng(png.subarray(0, png.length - 20), limits)).toThrow(InvalidSignatureImageError);
    expect(() => inspectSignaturePng(png, { ...limits, maxSignatureBytes: 100 })).toThrow(/at most 100/);
    const huge = encodeSignaturePng(4100, 10, (x) => x % 2 === 0);
    expect(() => inspectSignaturePng(huge, limits)).toThrow(/at most 4000 per side/);
  });
});

describe('placing signatures', () => {
  it('draws each signature on its field’s page, inside its rectangle, in proportion', async () => {
    const session = await filledTravelPermit();
    await addSignature(session, citizen, 'handtekening_ouder', fixture('signature.png'), inCall);
    await addSignature(session, clerk, 'handtekening_ambtenaar', fixture('signature-tall.png'), inCall);
    const doc = await PDFDocument.load(await currentPdf(session));
    for (const [name, w, h] of [['handtekening_ouder', 480, 160], ['handtekening_ambtenaar', 100, 300]] as const) {
      const field = session.fields.find((f) => f.name === name)!;
      expect(field.page).toBe(1);
      const expected = fitInto(field.rect, w, h);
      const placed = imagePlacements(pageContent(doc, field.page)).filter(
        (p) => Math.abs(p.x - expected.x) < 0.01 && Math.abs(p.y - expected.y) < 0.01,
      );
      expect(placed).toHaveLength(1);
      expect(placed[0]!.width).toBeCloseTo(expected.width, 2);
      expect(placed[0]!.height).toBeCloseTo(expected.height, 2);
      expect(placed[0]!.width / placed[0]!.height).toBeCloseTo(w / h, 3);
      expect(placed[0]!.x).toBeGreaterThanOrEqual(field.rect.x);
      expect(placed[0]!.y + placed[0]!.height).toBeLessThanOrEqual(field.rect.y + field.rect.height);
    }
    expect(imagePlacements(pageContent(doc, 0))).toEqual([]);
    expect(imagePlacements(pageContent(doc, 1))).toHaveLength(2);
  });

  it('refuses signers who are not in the call, in another call, interpreters, or the wrong role — and stores nothing', async () => {
    const session = await filledTravelPermit();
    const before = await currentPdf(session);
    const png = fixture('signature.png');
    const stranger = { ...citizen, participantId: 'p-someone-else' };
    const otherCall = { ...citizen, callId: 'another-call' };
    await expect(addSignature(session, stranger, 'handtekening_ouder', png, inCall)).rejects.toBeInstanceOf(SignerNotAllowedError);
    await expect(addSignature(session, otherCall, 'handtekening_ouder', png, inCall)).rejects.toBeInstanceOf(SignerNotAllowedError);
    await expect(addSignature(session, interpreter, 'handtekening_ouder', png, inCall)).rejects.toBeInstanceOf(SignerNotAllowedError);
    await expect(addSignature(session, citizen, 'handtekening_ambtenaar', png, inCall)).rejects.toThrow(/for the clerk/);
    await expect(addSignature(session, citizen, 'kind_voornamen', png, inCall)).rejects.toBeInstanceOf(FieldValueError);
    await expect(addSignature(session, citizen, 'handtekening_ouder', fixture('blank.png'), inCall)).rejects.toBeInstanceOf(BlankSignatureError);
    expect(session.signatures).toEqual([]);
    expect(session.locked).toBe(false);
    expect(await currentPdf(session)).toEqual(before);
  });

  it('does not sign the same field twice', async () => {
    const session = await filledTravelPermit();
    await addSignature(session, citizen, 'handtekening_ouder', fixture('signature.png'), inCall);
    await expect(addSignature(session, citizen, 'handtekening_ouder', fixture('signature.png'), inCall)).rejects.toBeInstanceOf(FormLockedError);
    expect(session.signatures).toHaveLength(1);
  });
});
