import jsQR from 'jsqr';
import { PNG } from 'pngjs';

// Reads QR codes back the way a banking app would: from the pixels of the rendered image.

export function decodeQrPng(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

/** The fields of an EPC QR payload (EPC069-12), by name. */
export function parseEpcQr(payload: string) {
  const [serviceTag, version, charset, identification, bic, beneficiary, iban, amount, purpose, structuredReference, text, information] = payload.split('\n');
  return { serviceTag, version, charset, identification, bic, beneficiary, iban, amount, purpose, structuredReference, text, information };
}
