// Finalising: flatten the form (values become page content, nobody can change them
// in a reader), append the audit page, seal the whole file with PAdES.
import { PDFName, PDFRef, PDFSignature, type PDFDocument } from 'pdf-lib';
import { appendAuditPage } from './audit';
import type { SealMeta, Sealer } from './pades/sealer';
import type { FormSession } from './session';

export interface FinaliseMeta extends SealMeta {
  /** When the seal is applied (also written on the audit page). Defaults to now. */
  sealedAt?: Date;
  /** The citizen booked signed in with the government login: the name it vouched for, on the audit page. */
  identityVerifiedName?: string;
}

export function finalise(session: FormSession, sealer: Sealer, meta: FinaliseMeta = {}): Promise<Uint8Array> {
  return session.finaliseWith(async () => {
    const sealedAt = meta.sealedAt ?? meta.signingTime ?? new Date();
    const shownHash = await session.shownHash();
    const doc = await session.renderForFinal();
    const form = doc.getForm();
    // Signature fields carry no value of their own (the drawn signatures are page content
    // already); remove them so only the seal remains as a signature in the final PDF.
    // (pdf-lib's removeField needs an appearance stream, which unsigned /Sig widgets lack.)
    for (const field of form.getFields()) {
      if (!(field instanceof PDFSignature)) continue;
      for (const widget of field.acroField.getWidgets()) {
        const ref = doc.context.getObjectRef(widget.dict);
        if (ref) for (const page of doc.getPages()) page.node.removeAnnot(ref);
      }
      form.acroForm.removeField(field.acroField);
      doc.context.delete(field.ref);
    }
    form.flatten();
    dropDanglingAnnotations(doc);
    await appendAuditPage(doc, {
      title: session.title,
      formId: session.formId,
      callId: session.callId,
      shownHash,
      signatures: session.signatures,
      fields: session.fields,
      seal: sealer.info,
      sealedAt,
      ...(meta.identityVerifiedName !== undefined ? { identityVerifiedName: meta.identityVerifiedName } : {}),
    });
    const flat = await doc.save({ useObjectStreams: false });
    const { identityVerifiedName: _onAuditPage, ...sealMeta } = meta;
    return sealer.seal(flat, { ...sealMeta, signingTime: sealedAt });
  });
}

/**
 * pdf-lib's flatten deletes the widget objects but can leave their references in the
 * pages' /Annots; readers then meet references to missing objects (poppler rebuilds the
 * xref and complains). Drop every annotation reference that no longer resolves.
 */
function dropDanglingAnnotations(doc: PDFDocument): void {
  for (const page of doc.getPages()) {
    const annots = page.node.Annots();
    if (!annots) continue;
    const kept = annots.asArray().filter((ref) => !(ref instanceof PDFRef) || doc.context.lookup(ref) !== undefined);
    if (kept.length === annots.size()) continue;
    if (kept.length === 0) page.node.delete(PDFName.of('Annots'));
    else page.node.set(PDFName.of('Annots'), doc.context.obj(kept));
  }
}
