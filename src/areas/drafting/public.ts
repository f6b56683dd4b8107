/**
 * What other areas may use of the drafting area: they import from this file, never from its other files
 * (eslint.config.js holds every area to it), so the rest of the folder can change without them.
 */
export { Consultation, DraftReferral } from './drafting.ts';
