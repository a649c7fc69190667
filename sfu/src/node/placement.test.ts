import { describe, expect, it } from 'vitest';
import { pickMediaNode } from './placement';
import type { NodeRecord } from './wire';

function node(id: string, load: Partial<NodeRecord['load']> = {}, draining = false): NodeRecord {
  return { id, address: '127.0.0.1', draining, startedAt: 0, load: { rooms: 0, streams: 0, consumers: 0, cpu: 0, workers: 1, ...load } };
}

describe('pickMediaNode', () => {
  it('keeps a call on the node that hosts it, even when that node is busy or draining', () => {
    const nodes = [node('a', { streams: 90, cpu: 0.95 }, true), node('b')];
    expect(pickMediaNode(nodes, 'a')?.id).toBe('a');
  });

  it('places a new call on the node with the fewest streams, then the fewest rooms', () => {
    expect(pickMediaNode([node('a', { streams: 4 }), node('b', { streams: 2 }), node('c', { streams: 3 })], undefined)?.id).toBe('b');
    expect(pickMediaNode([node('a', { rooms: 3 }), node('b', { rooms: 1 })], undefined)?.id).toBe('b');
  });

  it('skips draining nodes and nodes over the CPU or stream threshold', () => {
    const nodes = [node('idle-but-draining', {}, true), node('hot', { cpu: 0.9 }), node('full', { streams: 100 }), node('ok', { streams: 50, cpu: 0.5 })];
    expect(pickMediaNode(nodes, undefined, { maxCpu: 0.8, maxStreams: 100 })?.id).toBe('ok');
    expect(pickMediaNode(nodes.slice(0, 3), undefined, { maxCpu: 0.8, maxStreams: 100 })).toBeUndefined();
  });

  it('a hosting node that is no longer live (not in the list) is not chosen', () => {
    expect(pickMediaNode([node('b')], 'dead-a')?.id).toBe('b');
    expect(pickMediaNode([], 'dead-a')).toBeUndefined();
  });
});
