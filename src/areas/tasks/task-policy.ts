import type { TaskEntity } from './task.ts';
import { handledPolicy } from '../../core/handled.ts';

/** A task is seen by who assigned it, who carries it, the heads of its unit and above, and the leaders. */
export const taskPolicy = handledPolicy<TaskEntity>();
