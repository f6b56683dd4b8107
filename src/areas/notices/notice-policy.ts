import type { FilterQuery } from '@mikro-orm/core';
import type { NoticeDeliveryEntity } from './notice.ts';
import type { RecordPolicy } from '../../core/policy.ts';

/** A notice is read by its recipient only (each has their own copy, with its read state). */
export const noticePolicy: RecordPolicy<NoticeDeliveryEntity> = {
  visible: (viewer) => ({ organisation: viewer.organisationId, account: viewer.accountId }) as FilterQuery<NoticeDeliveryEntity>,
  canSee: (viewer, delivery) => delivery.organisation.id === viewer.organisationId && delivery.account.id === viewer.accountId,
};
