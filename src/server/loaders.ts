import { lazyLoaderFactory } from '../core/loaders.ts';
import { useFileAccessRules } from '../core/file-access.ts';
import { modules } from '../modules.ts';

// Who may download a file is asked of every area holding files (core/file-access.ts).
useFileAccessRules(modules.flatMap((module) => (module.fileAccess ? [module.fileAccess] : [])));

/** Every area's loaders, for each request's context (made on first use: see core/loaders.ts). */
export const makeLoaders = lazyLoaderFactory(Object.assign({}, ...modules.map((module) => module.loaders ?? {})));
