import type { FilterQuery } from '@mikro-orm/core';
import type { Ability } from '../../core/ability.ts';
import type { RecordPolicy } from '../../core/policy.ts';
import { authorityFor, type Viewer } from '../../core/viewer.ts';
import type { OneStopCaseEntity, OneStopProcedureEntity, OneStopSlipEntity, OneStopStepEntity, Stage } from './onestop.ts';

/**
 * Who may do what with one-stop cases, in one place: every mutation asks these, and the
 * `viewerCan…` fields, lists, counts and the receipt route ask the same.
 */
const isDesk = (viewer: Viewer) => authorityFor(viewer, ['ONE_STOP_DESK']).allowed;
const isLeader = (viewer: Viewer) => authorityFor(viewer, ['LEADER', 'DEPUTY_LEADER']).allowed;
const inUnit = (viewer: Viewer, unitId: string) => viewer.unitId === unitId || viewer.carriesForUnitIds.includes(unitId);

/** The catalogue is the organisation's; leaders and IT officers keep it (issue 17 §1). */
export function maintainsCatalogue(viewer: Viewer): boolean {
  return authorityFor(viewer, ['LEADER', 'DEPUTY_LEADER', 'IT_OFFICER']).allowed;
}

/** Procedures: everyone of the organisation reads its catalogue. */
export const procedurePolicy: RecordPolicy<OneStopProcedureEntity> = {
  visible: (viewer) => ({ organisation: viewer.organisationId }),
  canSee: (viewer, procedure) => procedure.organisation.id === viewer.organisationId,
};

/** Cases: the desk and the leaders see all of them; the handling unit's people and heads, theirs. */
export const casePolicy: RecordPolicy<OneStopCaseEntity> = {
  visible(viewer) {
    const organisation = { organisation: viewer.organisationId };
    if (isDesk(viewer) || isLeader(viewer)) return organisation as FilterQuery<OneStopCaseEntity>;
    return { ...organisation, handlingUnit: { $in: [viewer.unitId, ...viewer.carriesForUnitIds] } } as FilterQuery<OneStopCaseEntity>;
  },
  canSee(viewer, record) {
    if (record.organisation.id !== viewer.organisationId) return false;
    return isDesk(viewer) || isLeader(viewer) || inUnit(viewer, record.handlingUnit.id);
  },
};

/** A case with its open step, as the abilities judge it. */
export interface CaseAtStep {
  case: OneStopCaseEntity;
  open: OneStopStepEntity | null;
  /** Who proposed (the specialist) and submitted (the unit head) the proposal now before the leader. */
  proposers: string[];
}

const atStage = (stage: Stage) => ({
  holds: (_: Viewer, at: CaseAtStep) => at.open?.stage === stage && at.case.status === 'IN_PROGRESS',
  code: 'INVALID_STATE' as const,
  message: 'Hồ sơ không ở bước này.',
  onRecord: true,
});

export const receiveAbility: Ability<null> = [{ holds: (viewer) => isDesk(viewer), code: 'NOT_ALLOWED', message: 'Chỉ bộ phận một cửa được tiếp nhận hồ sơ.' }];

/** The handling unit's specialist checks validity (Art. 12 §1). */
export const specialistAbility: Ability<CaseAtStep> = [
  {
    holds: (viewer, at) => viewer.unitId === at.case.handlingUnit.id && authorityFor(viewer, ['SPECIALIST']).allowed,
    code: 'NOT_ALLOWED',
    message: 'Chỉ chuyên viên của phòng chuyên môn xử lý hồ sơ được kiểm tra hồ sơ.',
  },
  atStage('UNIT'),
];

/** The handling unit's head enters the proposal and submits it to the leader (Art. 12 §1). */
export const unitHeadAbility: Ability<CaseAtStep> = [
  { holds: (viewer, at) => viewer.headOfUnitIds.includes(at.case.handlingUnit.id), code: 'NOT_ALLOWED', message: 'Chỉ lãnh đạo phòng chuyên môn xử lý hồ sơ được trình lãnh đạo Sở.' },
  atStage('UNIT_HEAD'),
];

/** The leader decides (Art. 12 §2), never on a proposal of their own. */
export const leaderAbility: Ability<CaseAtStep> = [
  { holds: isLeader, code: 'NOT_ALLOWED', message: 'Chỉ lãnh đạo Sở được phê duyệt hồ sơ.' },
  { holds: (viewer, at) => !at.proposers.includes(viewer.accountId), code: 'NOT_ALLOWED', message: 'Không được tự phê duyệt đề xuất của chính mình.' },
  atStage('LEADER'),
];

/** The desk hands over the result (or the refusal) and closes the case (Art. 12 §3). */
export const returnAbility: Ability<CaseAtStep> = [
  { holds: isDesk, code: 'NOT_ALLOWED', message: 'Chỉ bộ phận một cửa được trả kết quả.' },
  {
    holds: (_, at) => at.open?.stage === 'RETURN' && (at.case.status === 'RESULT_READY' || at.case.status === 'REFUSAL_READY'),
    code: 'INVALID_STATE',
    message: 'Hồ sơ chưa có kết quả để trả.',
    onRecord: true,
  },
];

/** The desk takes in the papers the applicant was asked for; the clock runs again. */
export const supplementAbility: Ability<CaseAtStep> = [
  { holds: isDesk, code: 'NOT_ALLOWED', message: 'Chỉ bộ phận một cửa được tiếp nhận hồ sơ bổ sung.' },
  { holds: (_, at) => at.case.status === 'AWAITING_SUPPLEMENT', code: 'INVALID_STATE', message: 'Hồ sơ không chờ bổ sung.', onRecord: true },
];

/** The desk apologises with a new date while the case is open (Decree 61 Art. 19 §4). */
export const apologyAbility: Ability<CaseAtStep> = [
  { holds: isDesk, code: 'NOT_ALLOWED', message: 'Chỉ bộ phận một cửa được lập phiếu xin lỗi.' },
  { holds: (_, at) => at.case.finishedAt == null && at.open !== null, code: 'INVALID_STATE', message: 'Hồ sơ đã kết thúc.', onRecord: true },
];

/** The figures: leaders and the desk. */
export function readsFigures(viewer: Viewer): boolean {
  return isDesk(viewer) || isLeader(viewer);
}

/**
 * A slip is seen by whoever sees its case; one of no case (guidance or refusal at intake) by the
 * desk and the leaders, who see every case. Its single-record form knows only the slip, so it
 * answers for the desk and leaders alone (slips have no subscription that would ask it).
 */
export const slipPolicy: RecordPolicy<OneStopSlipEntity> = {
  visible(viewer) {
    const organisation = { organisation: viewer.organisationId };
    if (isDesk(viewer) || isLeader(viewer)) return organisation as FilterQuery<OneStopSlipEntity>;
    return { ...organisation, case: { handlingUnit: { $in: [viewer.unitId, ...viewer.carriesForUnitIds] } } } as FilterQuery<OneStopSlipEntity>;
  },
  canSee: (viewer, slip) => slip.organisation.id === viewer.organisationId && (isDesk(viewer) || isLeader(viewer)),
};
