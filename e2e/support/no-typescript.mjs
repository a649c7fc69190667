// `node --import` this (e2e/production-build.test.ts passes it in NODE_OPTIONS, so worker
// threads and child processes get it too): every module the process resolves goes through
// no-typescript-hooks.mjs, which refuses TypeScript files and the tsx package.
import { register } from 'node:module';

register('./no-typescript-hooks.mjs', import.meta.url);
