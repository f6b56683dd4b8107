import type { EntityManager } from '@mikro-orm/postgresql';
import { Problems } from '../core/user-error.ts';
import { requiredText } from '../core/validation.ts';
import { normaliseSuffix } from '../areas/accounts/username.ts';
import { Organisation, type OrganisationEntity } from '../core/organisation.ts';
import { DEFAULT_REGISTERS, Register } from '../areas/documents/register.ts';

export interface OrganisationInput {
  name: string;
  abbreviation: string;
  usernameSuffix: string;
}

/**
 * Creates a tenant with its four standard registers. Done by whoever runs the deployment (the demo set-up, a provisioning script),
 * not through the API of any one agency.
 */
export async function createOrganisation(em: EntityManager, input: OrganisationInput): Promise<OrganisationEntity> {
  const problems = new Problems();
  const name = requiredText(problems, ['name'], input.name, 200, 'Tên cơ quan');
  const abbreviation = requiredText(problems, ['abbreviation'], input.abbreviation, 20, 'Tên viết tắt');
  const suffix = normaliseSuffix(input.usernameSuffix);
  if (suffix === '' || suffix.length > 30) problems.add(['usernameSuffix'], 'INVALID', 'Hậu tố tên đăng nhập phải có 1–30 chữ cái hoặc chữ số.');
  else if (await em.count(Organisation, { usernameSuffix: suffix })) problems.add(['usernameSuffix'], 'DUPLICATE', 'Hậu tố tên đăng nhập đã được dùng.');
  problems.throwIfAny();
  const organisation = em.create(Organisation, { name: name as string, abbreviation: abbreviation as string, usernameSuffix: suffix });
  for (const register of DEFAULT_REGISTERS) em.create(Register, { organisation: organisation.id, ...register });
  await em.flush();
  return organisation;
}
