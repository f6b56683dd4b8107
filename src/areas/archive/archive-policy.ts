import type { FilterQuery } from '@mikro-orm/core';
import type { Ability } from '../../core/ability.ts';
import { handledByOrUnder, isHandlerOrAbove, oversees } from '../../core/handled.ts';
import type { RecordPolicy } from '../../core/policy.ts';
import { authorityFor, type Viewer } from '../../core/viewer.ts';
import type { ArchiveRecordEntity, DestructionListEntity, HandOverListEntity } from './archive.ts';
import { nextDestructionStatus, type DestructionAction, type DestructionStatus } from './destruction-states.ts';
import { nextHandOverStatus, type HandOverAction, type HandOverStatus } from './handover-states.ts';

/**
 * Who sees and does what in the archive, in one place for queries, lists, counts and the package
 * route. Everything stays inside one organisation.
 * - a hand-over list: its maker, the heads of the maker's unit and above, the leaders, and (once
 *   submitted) the archive officers;
 * - an archived record: who could read the work file when it was accepted (its creator, those it
 *   was shared with, the heads above), the leaders and the archive officers;
 * - a destruction list: the archive officers and the leaders.
 */
export function isArchivist(viewer: Viewer): boolean {
  return authorityFor(viewer, ['ARCHIVIST']).allowed;
}

const inOrganisation = (viewer: Viewer) => ({ organisation: viewer.organisationId });

export const handOverListPolicy: RecordPolicy<HandOverListEntity> = {
  visible(viewer) {
    if (oversees(viewer)) return inOrganisation(viewer) as FilterQuery<HandOverListEntity>;
    const ways = handledByOrUnder<HandOverListEntity>(viewer);
    if (isArchivist(viewer)) ways.push({ status: { $ne: 'DRAFT' } } as FilterQuery<HandOverListEntity>);
    return { ...inOrganisation(viewer), $or: ways } as FilterQuery<HandOverListEntity>;
  },
  canSee(viewer, list) {
    if (list.organisation.id !== viewer.organisationId) return false;
    return oversees(viewer) || isHandlerOrAbove(viewer, list) || (isArchivist(viewer) && list.status !== 'DRAFT');
  },
};

export const archiveRecordPolicy: RecordPolicy<ArchiveRecordEntity> = {
  visible(viewer) {
    if (oversees(viewer) || isArchivist(viewer)) return inOrganisation(viewer) as FilterQuery<ArchiveRecordEntity>;
    return { ...inOrganisation(viewer), $or: handledByOrUnder<ArchiveRecordEntity>(viewer) } as FilterQuery<ArchiveRecordEntity>;
  },
  canSee(viewer, record) {
    if (record.organisation.id !== viewer.organisationId) return false;
    return oversees(viewer) || isArchivist(viewer) || isHandlerOrAbove(viewer, record);
  },
};

export const destructionListPolicy: RecordPolicy<DestructionListEntity> = {
  visible(viewer) {
    return (oversees(viewer) || isArchivist(viewer) ? inOrganisation(viewer) : { id: { $in: [] } }) as FilterQuery<DestructionListEntity>;
  },
  canSee(viewer, list) {
    return list.organisation.id === viewer.organisationId && (oversees(viewer) || isArchivist(viewer));
  },
};

const handOverMove = (action: HandOverAction, message: string) => ({
  holds: (_: Viewer, list: HandOverListEntity) => nextHandOverStatus(list.status as HandOverStatus, action) !== null,
  code: 'INVALID_STATE' as const,
  message,
  onRecord: true,
});

const isMaker = {
  holds: (viewer: Viewer, list: HandOverListEntity) => list.creator.id === viewer.accountId,
  code: 'NOT_ALLOWED' as const,
  message: 'Chỉ người lập mục lục hồ sơ nộp lưu được thay đổi hoặc nộp mục lục.',
};

const isArchiveOfficer = {
  holds: (viewer: Viewer) => isArchivist(viewer),
  code: 'NOT_ALLOWED' as const,
  message: 'Chỉ cán bộ lưu trữ được kiểm tra, trả lại hoặc tiếp nhận mục lục hồ sơ nộp lưu.',
};

/** Adding or removing work files: its maker, while it is a draft or returned. */
export const editHandOverList: Ability<HandOverListEntity> = [isMaker, handOverMove('EDIT', 'Mục lục đã nộp hoặc đã được tiếp nhận: không thay đổi được.')];
export const submitHandOverList: Ability<HandOverListEntity> = [isMaker, handOverMove('SUBMIT', 'Mục lục đã nộp hoặc đã được tiếp nhận.')];
export const returnHandOverList: Ability<HandOverListEntity> = [isArchiveOfficer, handOverMove('RETURN', 'Chỉ trả lại mục lục đã nộp, chưa tiếp nhận.')];
export const acceptHandOverList: Ability<HandOverListEntity> = [isArchiveOfficer, handOverMove('ACCEPT', 'Chỉ tiếp nhận mục lục đã nộp, chưa tiếp nhận.')];

const destructionMove = (action: DestructionAction, message: string) => ({
  holds: (_: Viewer, list: DestructionListEntity) => nextDestructionStatus(list.status as DestructionStatus, action) !== null,
  code: 'INVALID_STATE' as const,
  message,
  onRecord: true,
});

const isLeader = {
  holds: (viewer: Viewer) => authorityFor(viewer, ['LEADER']).allowed,
  code: 'NOT_ALLOWED' as const,
  message: 'Chỉ lãnh đạo cơ quan được phê duyệt danh mục tài liệu hủy.',
};

export const decideDestructionList: Ability<DestructionListEntity> = [isLeader, destructionMove('APPROVE', 'Danh mục đã được quyết định.')];

/** Destroying: an archive officer, and only once a leader has approved the list. */
export const carryOutDestruction: Ability<DestructionListEntity> = [
  { holds: (viewer) => isArchivist(viewer), code: 'NOT_ALLOWED', message: 'Chỉ cán bộ lưu trữ được tiến hành hủy tài liệu.' },
  { holds: (_, list) => list.status !== 'PROPOSED', code: 'INVALID_STATE', message: 'Danh mục tài liệu hủy chưa được lãnh đạo phê duyệt: không được hủy.', onRecord: true },
  destructionMove('DESTROY', 'Danh mục đã bị từ chối hoặc đã được hủy xong.'),
];
