export { DocumentStore, type DocumentsState, type LocalUpload } from './store';
export { useDocuments, formatBytes } from './react';
export { DocumentStateBadge, type DocumentStateKey } from './DocumentStateBadge';
