// The PDF form pieces both apps show: a live page preview (pdfjs, loaded on demand) and
// a signature pad. A subpath of its own so pages without a form never bundle them.
export { PdfPreview } from './PdfPreview';
export { SignatureBox } from './SignatureBox';
