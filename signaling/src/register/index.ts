export type { PersonRegister, PersonRegisterCapabilities, NameAndBirthDate } from './PersonRegister';
export { FixturePersonRegister, DEFAULT_REGISTER_FIXTURE } from './FixturePersonRegister';
export { RegisterLookupLog, type RegisterLookupEntry } from './RegisterLookupLog';
export { RegisterLookups, MAX_NAME_MATCHES } from './RegisterLookups';
export { registerMigrations } from './migrations';
