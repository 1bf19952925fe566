export * from './zip-limits';
export * from './zip-safety.error';
export * from './open-zip';
export * from './extract-zip';
export * from './zip-directory';
export * from './zip-writer';
export { checkEntries, type EntryProblem, type EntryToCheck } from './entry-check';
