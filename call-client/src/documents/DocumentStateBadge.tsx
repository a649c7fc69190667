import type { DocumentSummary, RefusalReason } from '@videoloket/contracts';
import type { Translate } from '../i18n';

/** The catalogue keys a document's state needs; each app's document strings include them. */
export type DocumentStateKey = 'uploading' | 'scanning' | 'held' | 'ready' | 'refused' | `reason-${RefusalReason}`;

/** A document's state as both the citizen and the desk show it: progress while uploading, the reason when refused. */
export function DocumentStateBadge({ doc, t }: { doc: DocumentSummary; t: Translate<DocumentStateKey> }) {
  switch (doc.state) {
    case 'uploading':
      return (
        <span className="doc-state">
          {t('uploading', { percent: Math.floor((100 * doc.receivedBytes) / (doc.size || 1)) })}
          <progress max={doc.size || 1} value={doc.receivedBytes} aria-label={doc.fileName} />
        </span>
      );
    case 'refused':
      return (
        <span className="doc-state refused" data-testid="document-refusal" data-reason={doc.refusal?.reason}>
          {t('refused')}: {doc.refusal ? t(`reason-${doc.refusal.reason}`) : ''}
        </span>
      );
    case 'scanning':
    case 'held':
    case 'ready':
      return <span className="doc-state">{t(doc.state)}</span>;
    default:
      return null;
  }
}
