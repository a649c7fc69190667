export * from './CallStateStore';
export { MemoryCallStateStore } from './MemoryCallStateStore';
export { CallWriteThrough, type CallOwnership } from './CallWriteThrough';
export { RedisCallStateStore, type RedisCallStateStoreOptions } from './RedisCallStateStore';
