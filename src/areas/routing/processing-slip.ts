import type { WorkingCalendar } from '../calendar/public.ts';
import { deliveryDeadline, type DocumentEntity, type Urgency } from '../documents/public.ts';
import type { AssignmentEntity, DirectionEntity } from './assignment.ts';
import type { ProcessingSlipModel } from './models.ts';

/**
 * The processing slip (phiếu xử lý) of an incoming document: the leader's directions and the units'
 * own, the proposals handed back, and whether the lead got it within the delivery deadline that
 * its urgency sets (seed 000 Art. 8), counted in the organisation's office time.
 */
export function processingSlipOf(
  document: DocumentEntity,
  directions: readonly DirectionEntity[],
  assignments: readonly AssignmentEntity[],
  calendar: WorkingCalendar,
): ProcessingSlipModel {
  const leaderDirections = directions.filter((direction) => !direction.fromAssignment);
  const lead = assignments.find((a) => a.role === 'LEAD' && leaderDirections.some((d) => d.id === a.direction.id));
  const due = document.registeredAt ? deliveryDeadline(document.registeredAt, document.urgency as Urgency, calendar) : null;
  return {
    deliveryDeadline: due,
    deliveredAt: lead?.receivedAt ?? null,
    deliveredOnTime: due && lead ? lead.receivedAt <= due : null,
    leaderDirections,
    unitDirections: directions.filter((direction) => direction.fromAssignment),
    proposals: assignments.filter((a) => a.result).sort((a, b) => Number(b.role === 'LEAD') - Number(a.role === 'LEAD')),
  };
}
