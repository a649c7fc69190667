// The knock: two short wooden thumps made by the Web Audio API (no sound file to ship or
// download). One AudioContext for the page, made on the first knock: by then the clerk has
// clicked (sign-in, opening a call), which browsers require before sound may play.

let context: AudioContext | undefined;

const THUMP_AT_S = [0, 0.16];
const THUMP_LENGTH_S = 0.09;

export function playKnock(): void {
  try {
    context ??= new AudioContext();
    const ctx = context;
    void ctx.resume().catch(() => undefined);
    for (const offset of THUMP_AT_S) {
      const start = ctx.currentTime + 0.02 + offset;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'triangle';
      // A falling pitch reads as a knock on wood rather than a beep.
      osc.frequency.setValueAtTime(220, start);
      osc.frequency.exponentialRampToValueAtTime(90, start + THUMP_LENGTH_S);
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.5, start + 0.005);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + THUMP_LENGTH_S);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + THUMP_LENGTH_S + 0.01);
    }
  } catch {
    /* no audio output (or Web Audio blocked): the list and the notification still show it */
  }
}
