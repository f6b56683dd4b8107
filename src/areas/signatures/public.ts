/**
 * What other areas may use of the signatures area: they import from this file, never from its other files
 * (eslint.config.js holds every area to it), so the rest of the folder can change without them.
 */
export { onIncomingSignatureInvalid } from './incoming-hooks.ts';
export type { IncomingSignatureInvalid } from './incoming-hooks.ts';
export { trustFilesProblems } from './trust.ts';
export { signAsOrganisation, signaturesOfDocuments } from './package-signing.ts';
export type { DetachedSignature, KeptSignature } from './package-signing.ts';
export { keyProtectorFromEnvironment } from './key-protector.ts';
