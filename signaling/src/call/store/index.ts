export * from './CallStateStore';
export { MemoryCallStateStore } from './MemoryCallStateStore';
export { RedisCallStateStore, type RedisCallStateStoreOptions } from './RedisCallStateStore';
