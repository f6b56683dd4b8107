import type { FilterQuery } from '@mikro-orm/core';
import { NOTHING, type RecordPolicy } from '../../core/policy.ts';
import type { Role } from '../../core/titles.ts';
import type { Viewer } from '../../core/viewer.ts';
import type { InterconnectionMessageEntity } from './interconnection.ts';

/**
 * Who sees the interconnection queue: the organisation's clerks (who receive, register and send
 * documents) and its IT officers (who watch the link and retry dead messages), by their own roles;
 * nobody else, and nobody of another organisation. The queue carries subjects, never content, so
 * confidential-register clerks see it as the clerks do (classified documents never travel).
 */
export const QUEUE_ROLES: readonly Role[] = ['CLERK', 'CONFIDENTIAL_CLERK', 'IT_OFFICER'];

export function keepsQueue(viewer: Pick<Viewer, 'roles'>): boolean {
  return viewer.roles.some((role) => QUEUE_ROLES.includes(role));
}

export const messagePolicy: RecordPolicy<InterconnectionMessageEntity> = {
  visible(viewer): FilterQuery<InterconnectionMessageEntity> {
    return keepsQueue(viewer) ? ({ organisation: viewer.organisationId } as FilterQuery<InterconnectionMessageEntity>) : (NOTHING as never);
  },
  canSee(viewer, message) {
    return keepsQueue(viewer) && message.organisation.id === viewer.organisationId;
  },
};
