/**
 * What other areas may use of the workfiles area: they import from this file, never from its other files
 * (eslint.config.js holds every area to it), so the rest of the folder can change without them.
 */
export { workFilePolicy } from './work-file-policy.ts';
export { WorkFile } from './work-file.ts';
export { lockWorkFilesWhen } from './work-file-locks.ts';
export type { WorkFileLock } from './work-file-locks.ts';
export { workFileIndex } from './work-file-index.ts';
export type { WorkFileIndex } from './work-file-index.ts';
export { workFilePdf } from './work-file-pdf.ts';
export { workFileXml } from './work-file-xml.ts';
export { retentionLabel } from './work-file-rules.ts';
export type { WorkFileEntity } from './work-file.ts';
