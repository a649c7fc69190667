import { useEffect, useRef, useState } from 'react';
import SignaturePad from 'signature_pad';

export interface SignatureLabels {
  clear: string;
  confirm: string;
  empty: string;
  canvas: string;
}

/** A signature_pad canvas with clear/confirm; confirm hands over a PNG data URL. */
export function SignatureBox({ labels, onConfirm, busy }: { labels: SignatureLabels; onConfirm(dataUrl: string): void; busy?: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad>(null);
  const [empty, setEmpty] = useState(true);
  useEffect(() => {
    const c = canvas.current!;
    const p = new SignaturePad(c, { penColor: '#0b1f5c', minWidth: 1, maxWidth: 2.5 });
    p.addEventListener('endStroke', () => setEmpty(p.isEmpty()));
    pad.current = p;
    // Size the bitmap to the box at device resolution (sharp on phones) once it is laid
    // out — inside a dialog that happens after mount — and again when it changes size.
    // Resizing a canvas wipes it: keep the strokes drawn so far (a scrollbar appearing
    // while the live preview updates must not erase the citizen's signature).
    const resize = () => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const width = Math.round(c.offsetWidth * ratio);
      const height = Math.round(c.offsetHeight * ratio);
      if (!width || (width === c.width && height === c.height)) return;
      const strokes = p.toData();
      c.width = width;
      c.height = height;
      c.getContext('2d')!.scale(ratio, ratio);
      p.clear();
      if (strokes.length) p.fromData(strokes);
      setEmpty(p.isEmpty());
    };
    const observer = new ResizeObserver(resize);
    observer.observe(c);
    resize();
    return () => {
      observer.disconnect();
      p.off();
    };
  }, []);
  return (
    <div className="signature-box">
      <canvas ref={canvas} className="signature-canvas" aria-label={labels.canvas} data-testid="signature-canvas" style={{ width: '100%', height: 160, touchAction: 'none', border: '1px solid #889', borderRadius: 4, background: '#fff' }} />
      <div className="signature-actions">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            pad.current?.clear();
            setEmpty(true);
          }}
          data-testid="signature-clear"
        >
          {labels.clear}
        </button>
        <button type="button" disabled={empty || busy} onClick={() => pad.current && onConfirm(pad.current.toDataURL('image/png'))} data-testid="signature-confirm">
          {labels.confirm}
        </button>
      </div>
      {empty && <p className="hint">{labels.empty}</p>}
    </div>
  );
}
