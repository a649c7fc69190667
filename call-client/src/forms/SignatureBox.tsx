import { useEffect, useRef, useState } from 'react';
import SignaturePad from 'signature_pad';
import { signatureProblem, signatureRefusal } from './signature-check';

export interface SignatureLabels {
  clear: string;
  confirm: string;
  empty: string;
  canvas: string;
  /** Refusal when the ink spans too little of the box (the server checks the same). */
  tooSmall: string;
  /** Refusal for a single stroke (a tick or a line is not a signature). */
  oneStroke: string;
  /** Any other refusal or failure of the confirmation (the server's own text is English). */
  failed: string;
}

/** The box's drawing height in CSS pixels: fixed, so nothing around it can resize it while drawing. */
export const SIGNATURE_BOX_HEIGHT = 180;
/**
 * A signature_pad canvas with clear/confirm; confirm hands over a PNG data URL. When the
 * returned promise rejects, the box says why in its own hint line, in the labels' language.
 * Issue 17: nothing may move the box while it is visible — the hint line always takes its
 * place (its text changes, its height does not), the canvas has a fixed height, and the
 * bitmap is sized once per real size change, keeping the strokes drawn so far.
 */
export function SignatureBox({ labels, onConfirm, busy, describedBy }: { labels: SignatureLabels; onConfirm(dataUrl: string): Promise<void>; busy?: boolean; describedBy?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad>(null);
  const [empty, setEmpty] = useState(true);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    const c = canvas.current!;
    const p = new SignaturePad(c, { penColor: '#0b1f5c', minWidth: 1, maxWidth: 2.5 });
    // A resize while a stroke is being drawn would cut that stroke (clearing the pad ends
    // it): wait for the pen to lift, then resize with every stroke whole.
    let drawing = false;
    let resizeWaiting = false;
    p.addEventListener('beginStroke', () => (drawing = true));
    p.addEventListener('endStroke', () => {
      drawing = false;
      if (resizeWaiting) {
        resizeWaiting = false;
        resize();
      }
      setEmpty(p.isEmpty());
      setProblem(undefined);
    });
    pad.current = p;
    // Size the bitmap to the box at device resolution (sharp on phones) once it is laid
    // out — inside a dialog that happens after mount — and again when it changes size.
    // Resizing a canvas wipes it: keep the strokes drawn so far, scaled to the new size.
    let cssWidth = 0;
    const resize = () => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const width = Math.round(c.offsetWidth * ratio);
      const height = Math.round(c.offsetHeight * ratio);
      if (!width || (width === c.width && height === c.height)) return;
      if (drawing) {
        resizeWaiting = true;
        return;
      }
      const scale = cssWidth ? c.offsetWidth / cssWidth : 1;
      cssWidth = c.offsetWidth;
      const strokes = p.toData().map((s) => ({ ...s, points: s.points.map((pt) => ({ ...pt, x: pt.x * scale })) }));
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

  function confirm() {
    const p = pad.current;
    const c = canvas.current;
    if (!p || !c) return;
    const why = signatureProblem(p.toData(), { width: c.offsetWidth, height: c.offsetHeight });
    if (why === 'empty') return setProblem(labels.empty);
    if (why === 'one-stroke') return setProblem(labels.oneStroke);
    if (why === 'too-small') return setProblem(labels.tooSmall);
    setProblem(undefined);
    onConfirm(p.toDataURL('image/png')).catch((err: unknown) => {
      // Said here, in the hint line the box always keeps: a message elsewhere would move the box.
      const refusal = signatureRefusal(err);
      setProblem(refusal === 'empty' ? labels.empty : refusal === 'too-small' ? labels.tooSmall : labels.failed);
    });
  }

  return (
    <div className="signature-box">
      <canvas
        ref={canvas}
        className="signature-canvas"
        role="img"
        aria-label={labels.canvas}
        aria-describedby={describedBy}
        data-testid="signature-canvas"
        style={{ width: '100%', height: SIGNATURE_BOX_HEIGHT, touchAction: 'none', border: '1px solid #889', borderRadius: 4, background: '#fff', display: 'block' }}
      />
      {/* Always present, one line high: showing or hiding a message never shifts the box. */}
      <p className={problem ? 'error signature-hint' : 'hint signature-hint'} role={problem ? 'alert' : undefined} data-testid="signature-hint">
        {problem ?? (empty ? labels.empty : '\u00a0')}
      </p>
      <div className="signature-actions">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            pad.current?.clear();
            setEmpty(true);
            setProblem(undefined);
          }}
          data-testid="signature-clear"
        >
          {labels.clear}
        </button>
        <button type="button" disabled={empty || busy} onClick={confirm} data-testid="signature-confirm">
          {labels.confirm}
        </button>
      </div>
    </div>
  );
}
