import { describe, expect, it } from 'vitest';
import { TypedEmitter } from './emitter';

class Probe extends TypedEmitter<{ ping: [number] }> {
  failures: { error: unknown; event: string }[] = [];
  fire(n: number) {
    this.emit('ping', n);
  }
  protected override listenerFailed(error: unknown, event: string): void {
    this.failures.push({ error, event });
  }
}

describe('TypedEmitter', () => {
  it('a throwing listener is reported and does not stop later listeners nor the emitter', () => {
    const p = new Probe();
    const seen: number[] = [];
    p.on('ping', () => {
      throw new Error('boom');
    });
    p.on('ping', (n) => seen.push(n));
    expect(() => p.fire(1)).not.toThrow();
    expect(seen).toEqual([1]);
    expect(p.failures).toEqual([{ error: new Error('boom'), event: 'ping' }]);
  });

  it('once() listeners run once, off() removes a listener', () => {
    const p = new Probe();
    const once: number[] = [];
    const always: number[] = [];
    const removed: number[] = [];
    const gone = (n: number) => removed.push(n);
    p.once('ping', (n) => once.push(n));
    p.on('ping', (n) => always.push(n));
    p.on('ping', gone);
    p.off('ping', gone);
    p.fire(1);
    p.fire(2);
    expect(once).toEqual([1]);
    expect(always).toEqual([1, 2]);
    expect(removed).toEqual([]);
    expect(p.listenerCount('ping')).toBe(1);
  });

  it('a listener added while emitting runs from the next emit on', () => {
    const p = new Probe();
    const late: number[] = [];
    p.once('ping', () => p.on('ping', (n) => late.push(n)));
    p.fire(1);
    p.fire(2);
    expect(late).toEqual([2]);
  });
});
