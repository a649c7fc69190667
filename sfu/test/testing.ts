// @videoloket/sfu/testing: for tests and benchmarks. The mediasoup the SFU itself runs (same
// version, same worker binary), for comparisons with bare mediasoup (bench/capacity.ts).
export * as mediasoup from 'mediasoup';
export type { types as mediasoupTypes } from 'mediasoup';
/** A redis-server of a test's own, for tests that stop and restart Redis (issue 13). */
export { OwnRedis } from './redis';
