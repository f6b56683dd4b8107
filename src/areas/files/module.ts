import { fileRoutes } from './file-routes.ts';
import type { AreaModule } from '../../core/module.ts';
import { StoredFile } from './stored-file.ts';

/** Uploaded files, kept by SHA-256 on disk or in an S3-compatible bucket. */
export const filesModule: AreaModule = {
  name: 'files',
  typeDefs: [],
  resolvers: [],
  entities: [StoredFile],
  tenantEntities: [StoredFile],
  httpRoutes: [fileRoutes],
};
