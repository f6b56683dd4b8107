import type { FilterQuery } from '@mikro-orm/core';
import { NOTHING, type RecordPolicy } from '../../core/policy.ts';
import { hasOwnRole } from '../../core/viewer.ts';
import type { WebhookEndpointEntity } from './webhook.ts';

/** People see the organisation's endpoints as they see its keys: IT officers, by their own role. */
export const webhookEndpointPolicy: RecordPolicy<WebhookEndpointEntity> = {
  visible: (viewer) => (hasOwnRole(viewer, 'IT_OFFICER') ? { organisation: viewer.organisationId } : NOTHING) as FilterQuery<WebhookEndpointEntity>,
  canSee: (viewer, endpoint) => hasOwnRole(viewer, 'IT_OFFICER') && endpoint.organisation.id === viewer.organisationId,
};
