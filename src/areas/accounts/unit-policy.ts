import type { FilterQuery } from '@mikro-orm/core';
import type { OrganisationEntity } from '../../core/organisation.ts';
import type { UnitEntity } from './unit.ts';
import type { RecordPolicy } from '../../core/policy.ts';

/** The unit tree is the organisation's directory: everyone in it may read it. */
export const unitPolicy: RecordPolicy<UnitEntity> = {
  visible: (viewer) => ({ organisation: viewer.organisationId }) as FilterQuery<UnitEntity>,
  canSee: (viewer, unit) => unit.organisation.id === viewer.organisationId,
};

/** An account sees its own organisation and no other. */
export const organisationPolicy: RecordPolicy<OrganisationEntity> = {
  visible: (viewer) => ({ id: viewer.organisationId }),
  canSee: (viewer, organisation) => organisation.id === viewer.organisationId,
};
