// @videoloket/pdf/testing: what the PDF tests, other packages' tests and the signing benchmark
// share: signature PNGs, a filled and signed travel permit, OpenSSL (PKCS#12, a local TSA),
// PDF readers, and the hostile PDFs every PDF reader must refuse. Never for production code.
import { readFileSync } from 'node:fs';

export * from './fixtures';
export * from './openssl';
export * from './pdf-read';
export * from './png-encode';

/** A file from pdf/test/fixtures: active content (JavaScript, /Launch, embedded files, object streams) or an HTML page with a late %PDF-. */
export const hostilePdf = (name: 'openaction-js.pdf' | 'launch.pdf' | 'embedded-file.pdf' | 'objstm-js.pdf' | 'html-pdf-marker.html'): Buffer =>
  readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url));
