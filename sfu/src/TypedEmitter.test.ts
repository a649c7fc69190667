import { describe, expect, it } from 'vitest';
import { TypedEmitter } from './TypedEmitter';

class Probe extends TypedEmitter<{ ping: [number] }> {
  errors: unknown[] = [];
  fire(n: number) {
    this.safeEmit('ping', [n], (e) => this.errors.push(e));
  }
}

describe('TypedEmitter.safeEmit', () => {
  it('a throwing listener does not stop later listeners', () => {
    const p = new Probe();
    const seen: number[] = [];
    p.on('ping', () => {
      throw new Error('boom');
    });
    p.on('ping', (n) => seen.push(n));
    p.fire(1);
    expect(seen).toEqual([1]);
    expect(p.errors).toHaveLength(1);
  });

  it('once() listeners run once', () => {
    const p = new Probe();
    const seen: number[] = [];
    p.once('ping', (n) => seen.push(n));
    p.fire(1);
    p.fire(2);
    expect(seen).toEqual([1]);
    expect(p.listenerCount('ping')).toBe(0);
  });
});
