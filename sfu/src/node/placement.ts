import type { NodeRecord } from './wire';

export interface NodePlacementPolicy {
  /** A node whose busiest worker used this share of a core or more takes no new call. Default 0.8. */
  maxCpu?: number;
  /** A node with this many streams or more takes no new call. Default: no cap. */
  maxStreams?: number;
}

/**
 * The media node for a call's room. `nodes` are the live ones (their heartbeat record has not
 * expired). The node that already hosts the call wins, draining or busy: the call's parties
 * must meet in one room (cross-node pipes are not there yet). Otherwise the least loaded node
 * under the thresholds and not draining — fewest streams, then fewest rooms, then least CPU,
 * then id, as sfu/src/placement.ts spreads rooms over workers. Pure; undefined when none fits.
 */
export function pickMediaNode(
  nodes: readonly NodeRecord[],
  hostingNodeId: string | undefined,
  policy: NodePlacementPolicy = {},
): NodeRecord | undefined {
  const host = hostingNodeId === undefined ? undefined : nodes.find((n) => n.id === hostingNodeId);
  if (host) return host;
  const maxCpu = policy.maxCpu ?? 0.8;
  const fits = nodes.filter(
    (n) => !n.draining && n.load.cpu < maxCpu && (policy.maxStreams === undefined || n.load.streams < policy.maxStreams),
  );
  return fits.sort(
    (a, b) => a.load.streams - b.load.streams || a.load.rooms - b.load.rooms || a.load.cpu - b.load.cpu || a.id.localeCompare(b.id),
  )[0];
}
