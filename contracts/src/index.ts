export * from './errors';
export * from './validation';
export * from './roles';
export * from './events/index';
export * from './http/index';
export * from './proofOfWork';
export * from './bankTransfer';
