export * from './auth';
export * from './calls';
export * from './backoffice';
export * from './documents';
export * from './callDocuments';
export * from './routes';
export * from './personRegister';
export * from './citizenLogin';
