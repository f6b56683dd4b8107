/**
 * What other areas may use of the notices area: they import from this file, never from its other files
 * (eslint.config.js holds every area to it), so the rest of the folder can change without them.
 */
export { sendSystemNotice } from './notice-service.ts';
export type { SystemNotice } from './notice-service.ts';
export { Notice } from './notice.ts';
export type { NoticeKind } from './notice.ts';
