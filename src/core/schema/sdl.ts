import { sdlOf } from '../module.ts';

/** The schema every area builds on: directives, scalars, Node, connections, errors. */
export function coreTypeDefs(): string[] {
  return sdlOf(import.meta.url);
}
