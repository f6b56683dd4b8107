import type { FilterQuery } from '@mikro-orm/core';
import { NOTHING, type RecordPolicy } from '../../core/policy.ts';
import { hasOwnRole } from '../../core/viewer.ts';
import type { ApiKeyEntity } from './api-key.ts';

/**
 * The organisation's keys are the IT officers' to see and manage (issue 18: "IT officers create keys
 * for their organisation"), by their own role: the job is not delegated with a leader's authority.
 */
export const apiKeyPolicy: RecordPolicy<ApiKeyEntity> = {
  visible: (viewer) => (hasOwnRole(viewer, 'IT_OFFICER') ? { organisation: viewer.organisationId } : NOTHING) as FilterQuery<ApiKeyEntity>,
  canSee: (viewer, key) => hasOwnRole(viewer, 'IT_OFFICER') && key.organisation.id === viewer.organisationId,
};
