/**
 * What other areas may use of the files area: they import from this file, never from its other files
 * (eslint.config.js holds every area to it), so the rest of the folder can change without them.
 */
export { downloadUrl } from './file-routes.ts';
export { judgeFile } from './file-kinds.ts';
export { StoredFile } from './stored-file.ts';
export type { StoredFileEntity } from './stored-file.ts';
