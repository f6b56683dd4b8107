import type { Connection } from '../../core/connection.ts';
import type { TaskEntity } from './task.ts';

/** What this area's resolvers hand GraphQL for types that are not entities (codegen `mappers`). */
export type TaskConnectionModel = Connection<TaskEntity>;
