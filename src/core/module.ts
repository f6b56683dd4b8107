import { readdirSync, readFileSync } from 'node:fs';
import type { EntitySchema, Routine } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from './context.ts';
import type { NodeType } from './ids.ts';
import type { LoaderMakers, Loaders } from './loaders.ts';
import type { RecordKind } from './record-kind.ts';
import type { Viewer } from './viewer.ts';

/**
 * An area of the e-office (documents, routing, tasks…) as the server assembles it: its part of the
 * schema, its resolvers and its entities. Each area's `module.ts` exports one; `src/modules.ts`
 * lists them, and the schema, resolvers, entity list, loaders, node types and record kinds are
 * all built from that one list.
 */
export interface AreaModule {
  name: string;
  /** The area's SDL (every .graphql file in its folder). */
  typeDefs: string[];
  /** Resolver maps (typed per area with the generated `Resolvers`). */
  resolvers: object[];
  /** Every entity of the area. */
  entities: EntitySchema[];
  /** Of those, the ones carrying an organisation: the tenant filter applies to them. */
  tenantEntities: EntitySchema[];
  /** SQL functions the area's schema needs (generated columns, indexes), kept by migrations. */
  routines?: Routine[];
  /** The area's per-request loaders (each also declared into `Loaders` in its loaders.ts). */
  loaders?: LoaderMakers;
  /** How `node(id:)` reads each node type the area owns: through a loader, so its policy. */
  nodes?: { [T in NodeType]?: NodeReader };
  /** The records of the area one may subscribe to the changes of. */
  recordKinds?: RecordKind<never>[];
  /** Who may download an uploaded file that the area's records hold (GET /files/<id>). */
  fileAccess?: FileAccessRule;
}

/**
 * Whether the viewer may download an uploaded file, by the records of one area that hold it: null
 * when none does. A file is downloadable when some area allows it; one no area holds, only by its
 * uploader. The file's organisation is checked before.
 */
export type FileAccessRule = (em: EntityManager, viewer: Viewer, file: { id: string }) => Promise<boolean | null>;

/** `node(id:)` for one type: the loader that reads it, and what reading it by id also does. */
export interface NodeReader {
  loader: (loaders: Loaders) => { load(id: string): Promise<object | null> };
  /** E.g. a document read by id is a view, kept in its access history. */
  read?: (context: Context, node: never) => Promise<object> | object;
}

/** The SDL files of a folder, read once at start (`folder` is a module's `import.meta.url`). */
export function sdlOf(moduleUrl: string): string[] {
  const folder = new URL('.', moduleUrl);
  return readdirSync(folder)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(new URL(file, folder), 'utf8'));
}
