import { accountsModule } from './areas/accounts/module.ts';
import { archiveModule } from './areas/archive/module.ts';
import { calendarModule } from './areas/calendar/module.ts';
import { documentsModule } from './areas/documents/module.ts';
import { draftingModule } from './areas/drafting/module.ts';
import { filesModule } from './areas/files/module.ts';
import { foldersModule } from './areas/folders/module.ts';
import { interconnectionModule } from './areas/interconnection/module.ts';
import { integratorsModule } from './areas/integrators/module.ts';
import { mailboxModule } from './areas/mailbox/module.ts';
import { oneStopModule } from './areas/onestop/module.ts';
import { signaturesModule } from './areas/signatures/module.ts';
import { noticesModule } from './areas/notices/module.ts';
import { routingModule } from './areas/routing/module.ts';
import { schedulesModule } from './areas/schedules/module.ts';
import { tasksModule } from './areas/tasks/module.ts';
import { workFilesModule } from './areas/workfiles/module.ts';
import { coreModule } from './core/core-module.ts';
import type { AreaModule } from './core/module.ts';

/**
 * The core and every area of the server, in the order their schema is assembled. Adding an area is
 * a folder under src/areas/ with its module.ts, and one line here.
 */
export const modules: readonly AreaModule[] = [coreModule, accountsModule, calendarModule, filesModule, documentsModule, routingModule, tasksModule, workFilesModule, noticesModule, foldersModule, signaturesModule, mailboxModule, interconnectionModule, schedulesModule, integratorsModule, oneStopModule, archiveModule, draftingModule];
