import { Upload } from 'tus-js-client';
import type { DocumentSummary, DownloadPurpose } from '@videoloket/contracts';
import type { CallSession } from '../call-session';

// Documents in the call, for both apps: the live list (documents:list + pushes) and
// uploads over tus (docs/storage.md "Mounting"). tus-js-client keeps each upload's URL
// under a fingerprint in localStorage, so after a reload the same file resumes where it
// stopped instead of starting again.

/** A file this browser is sending, before the server has a document for it (or after a failure). */
export interface LocalUpload {
  key: string;
  fileName: string;
  size: number;
  sentBytes: number;
  documentId?: string;
  error?: string;
}

export interface DocumentsState {
  documents: DocumentSummary[];
  uploads: LocalUpload[];
  error?: string;
}

const CHUNK_BYTES = 4 * 1024 * 1024;

export class DocumentStore {
  private current: DocumentsState = { documents: [], uploads: [] };
  private readonly listeners = new Set<() => void>();
  private readonly off: (() => void)[] = [];
  private callId?: string;

  constructor(private readonly session: CallSession) {}

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  getSnapshot = (): DocumentsState => this.current;

  private set(patch: Partial<DocumentsState>): void {
    this.current = { ...this.current, ...patch };
    for (const l of this.listeners) l();
  }

  private upsert(doc: DocumentSummary): void {
    const rest = this.current.documents.filter((d) => d.documentId !== doc.documentId);
    const documents = doc.state === 'deleted' ? rest : [...rest, doc].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    this.set({ documents });
  }

  /** Starts following the call's documents; call again after a reconnect to refresh. */
  async start(callId: string): Promise<void> {
    this.callId = callId;
    if (!this.off.length) {
      this.off.push(
        this.session.socket.on('documents:changed', (doc) => this.upsert(doc)),
        this.session.socket.on('documents:progress', (p) => {
          const doc = this.current.documents.find((d) => d.documentId === p.documentId);
          if (doc && doc.state === 'uploading') this.upsert({ ...doc, receivedBytes: p.receivedBytes });
        }),
      );
    }
    try {
      this.set({ documents: await this.session.socket.request('documents:list', { callId }), error: undefined });
    } catch (err) {
      this.set({ error: (err as { code?: string }).code ?? 'INTERNAL' });
    }
  }

  stop(): void {
    for (const off of this.off.splice(0)) off();
  }

  async link(documentId: string, purpose: DownloadPurpose): Promise<string> {
    const { url } = await this.session.socket.request('documents:download-url', { documentId, purpose });
    return url;
  }

  share(documentId: string, participantId: string): Promise<DocumentSummary> {
    return this.session.socket.request('documents:share', { documentId, participantId });
  }

  audit(documentId: string) {
    return this.session.socket.request('documents:audit', { documentId });
  }

  send(file: File): void {
    const callId = this.callId;
    if (!callId) return;
    const key = `${file.name}:${file.size}:${file.lastModified}:${Math.random()}`;
    const patch = (p: Partial<LocalUpload>) =>
      this.set({ uploads: this.current.uploads.map((u) => (u.key === key ? { ...u, ...p } : u)) });
    this.set({ uploads: [...this.current.uploads, { key, fileName: file.name, size: file.size, sentBytes: 0 }] });
    const upload = new Upload(file, {
      endpoint: '/api/uploads',
      chunkSize: CHUNK_BYTES,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      metadata: { callId, filename: file.name, filetype: file.type },
      // The seat's token is renewed on every join; read it per request so a reconnect's new one is used.
      onBeforeRequest: (req) => {
        const token = this.session.state.httpToken;
        if (token) req.setHeader('Authorization', `Bearer ${token}`);
      },
      // Resuming: the fingerprint (name, type, size, mtime, endpoint) + call id find a previous upload URL.
      fingerprint: async (f) => ['videoloket-tus', callId, (f as File).name, (f as File).type, (f as File).size, (f as File).lastModified].join('-'),
      removeFingerprintOnSuccess: true,
      onProgress: (sent) => patch({ sentBytes: sent }),
      onSuccess: () => this.set({ uploads: this.current.uploads.filter((u) => u.key !== key) }),
      onError: (err) => {
        const status = (err as { originalResponse?: { getStatus(): number } }).originalResponse?.getStatus();
        patch({ error: status === 413 ? 'too-large' : status === 403 ? 'forbidden' : 'failed' });
      },
    });
    void upload.findPreviousUploads().then((previous) => {
      if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    });
  }

  dismiss(key: string): void {
    this.set({ uploads: this.current.uploads.filter((u) => u.key !== key) });
  }
}
