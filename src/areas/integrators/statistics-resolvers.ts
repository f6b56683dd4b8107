import type { Resolvers } from '../../generated/graphql.ts';
import type { Context } from '../../core/context.ts';
import { toGlobalId } from '../../core/ids.ts';
import { documentFigures, handlingFigures, taskFigures, type StatisticsReader } from './statistics.ts';
import { spanOf } from './statistics-period.ts';

/** Who counts: the key (its organisation) or the person (their rights); @auth let one of them in. */
function readerOf(context: Context): StatisticsReader {
  if (context.viewer) return { kind: 'person', viewer: context.viewer };
  if (context.client) return { kind: 'key', organisationId: context.client.organisationId };
  throw new Error('statistics reached without a principal: @auth is missing');
}

export const statisticsResolvers: Resolvers = {
  Query: {
    documentStatistics: async (_, { input, by }, context) => {
      const rows = await documentFigures(context.em, readerOf(context), spanOf(input.from, input.to), input.period ?? 'MONTH', by);
      return rows.map((row) => ({
        period: row.period,
        direction: (row.direction ?? null) as never,
        kind: row.kind ?? null,
        urgency: (row.urgency ?? null) as never,
        channel: (row.channel ?? null) as never,
        unitId: row.unit_id ? toGlobalId('Unit', row.unit_id) : null,
        count: row.count,
      }));
    },
    handlingStatistics: async (_, { input }, context) =>
      (await handlingFigures(context.em, readerOf(context), spanOf(input.from, input.to), input.period ?? 'MONTH', new Date())).map((row) => ({
        period: row.period,
        received: row.received,
        handledOnTime: row.handled_on_time,
        handledLate: row.handled_late,
        stillOpen: row.still_open,
        openOverdue: row.open_overdue,
      })),
    taskStatistics: async (_, { input }, context) =>
      (await taskFigures(context.em, readerOf(context), spanOf(input.from, input.to), input.period ?? 'MONTH', new Date())).map((row) => ({
        period: row.period,
        assigned: row.assigned,
        doneOnTime: row.done_on_time,
        doneLate: row.done_late,
        open: row.open,
        openOverdue: row.open_overdue,
        cancelled: row.cancelled,
      })),
  },
};
