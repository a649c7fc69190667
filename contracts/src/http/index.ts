export * from './auth';
export * from './calls';
