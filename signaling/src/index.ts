export { startVideoloket, type RunningVideoloket } from './app';
export { loadConfig, type Config } from './config';
export { createLogger } from './logger';
export { TokenService } from './auth/tokens';
export { ClerkDirectory, type ClerkAccount } from './auth/ClerkDirectory';
export { hashPassword } from './auth/passwords';
