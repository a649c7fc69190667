import { useEffect, useRef, useState } from 'react';
import type { CallSocket } from '../socket';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

// pdfjs (~400 kB) loads only when a form is shown, not with the call page (4G phones).
// It renders in a worker served from our own origin (CSP: worker-src 'self' blob:).
let pdfjsLoading: Promise<typeof import('pdfjs-dist')> | undefined;
function loadPdfjs() {
  pdfjsLoading ??= import('pdfjs-dist').then((pdfjs) => {
    pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
    return pdfjs;
  });
  return pdfjsLoading;
}

interface Props {
  socket: CallSocket;
  sessionId: string;
  /** Re-fetched and re-rendered whenever this changes. */
  version: number;
  finalised: boolean;
  label: string;
  /** Gets the current bytes (e.g. to offer the sealed PDF for download). */
  onBytes?: (bytes: Uint8Array) => void;
}

/** The form as both parties see it now: fetched by version over the socket, drawn with pdfjs. */
export function PdfPreview({ socket, sessionId, version, finalised, label, onBytes }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const [rendered, setRendered] = useState<number>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      void (async () => {
        try {
          const res = await socket.request('form:pdf', { sessionId });
          if (cancelled) return;
          const bytes = Uint8Array.from(atob(res.pdfBase64), (c) => c.charCodeAt(0));
          onBytes?.(bytes.slice());
          const pdfjs = await loadPdfjs();
          const doc = await pdfjs.getDocument({ data: bytes, isEvalSupported: false }).promise;
          const canvases: HTMLCanvasElement[] = [];
          for (let n = 1; n <= doc.numPages; n++) {
            const page = await doc.getPage(n);
            const viewport = page.getViewport({ scale: 1.25 });
            const canvas = document.createElement('canvas');
            canvas.width = Math.floor(viewport.width);
            canvas.height = Math.floor(viewport.height);
            canvas.setAttribute('role', 'img');
            canvas.setAttribute('aria-label', `${label} — ${n}/${doc.numPages}`);
            await page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport }).promise;
            canvases.push(canvas);
          }
          await doc.destroy();
          if (cancelled || !host.current) return;
          host.current.replaceChildren(...canvases);
          setRendered(res.version);
          setError(undefined);
        } catch (err) {
          if (!cancelled) setError(err instanceof Error ? err.message : String(err));
        }
      })();
    }, 150); // typing: render the last state, not every keystroke
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [socket, sessionId, version, finalised, label, onBytes]);
  return (
    <div className="form-preview" data-testid="form-preview" data-rendered-version={rendered ?? ''} data-finalised={finalised ? 'true' : 'false'}>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div ref={host} className="form-pages" />
    </div>
  );
}
