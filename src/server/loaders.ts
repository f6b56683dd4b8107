import { lazyLoaderFactory } from '../core/loaders.ts';
import { modules } from '../modules.ts';

/** Every area's loaders, for each request's context (made on first use: see core/loaders.ts). */
export const makeLoaders = lazyLoaderFactory(Object.assign({}, ...modules.map((module) => module.loaders ?? {})));
