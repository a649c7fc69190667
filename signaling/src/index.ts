export { startVideoloket, type RunningVideoloket, type VideoloketDeps } from './app';
export { MemoryCallStateStore, RedisCallStateStore, type CallStateStore } from './call/store';
export { loadConfig, type Config } from './config';
export { createLogger } from './logger';
export { TokenService } from './auth/tokens';
export { ClerkDirectory, type ClerkAccount } from './auth/ClerkDirectory';
export { hashPassword } from './auth/passwords';
