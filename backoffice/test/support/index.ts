// @videoloket/backoffice/testing: what other packages' tests use to read the mail the back
// office sends (a capturing SMTP server, MIME parts, the calendar invite, the payment QR code). Never imported by production code.
export { decodedHeader, header, mimeParts, type MimePart } from './mime';
export { parseIcs, type ParsedIcs } from './ics';
export { decodeQrPng, parseEpcQr } from './qr';
export { startSmtpCapture, type ReceivedMail, type SmtpCapture } from './smtp';
export { impactExpected, impactPeriod, insertImpactFixture } from './impactFixture';
