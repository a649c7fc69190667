import { useEffect, useState } from 'react';

/** Microphone level 0…1 for a level meter, updated about ten times a second. */
export function useAudioLevel(track: MediaStreamTrack | undefined): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!track) return;
    const ctx = new AudioContext();
    const source = ctx.createMediaStreamSource(new MediaStream([track]));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    const data = new Float32Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(data);
      let sum = 0;
      for (const v of data) sum += v * v;
      const rms = Math.sqrt(sum / data.length);
      setLevel(Math.min(1, rms * 4));
    }, 100);
    return () => {
      clearInterval(timer);
      source.disconnect();
      void ctx.close();
    };
  }, [track]);
  return level;
}
