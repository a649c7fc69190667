// The PDF form pieces both apps show: a live page preview (pdfjs, loaded on demand) and
// a signature pad. A subpath of its own so pages without a form never bundle them.
export { PdfPreview } from './PdfPreview';
export { SignatureBox, type SignatureLabels } from './SignatureBox';
export { SignDialog } from './SignDialog';
export { signatureRefusal, type SignatureRefusal } from './signature-check';
