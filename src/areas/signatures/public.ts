/**
 * What other areas may use of the signatures area: they import from this file, never from its other files.
 */
export { onIncomingSignatureInvalid } from './incoming-hooks.ts';
export type { IncomingSignatureInvalid } from './incoming-hooks.ts';
export { trustFilesProblems } from './trust.ts';
