import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { auditAct } from '../../core/audit/trail.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { isOrganId } from './edxml-format.ts';
import { ExternalOrgan, OrganIdentity, type ExternalOrganEntity, type OrganIdentityEntity } from './interconnection.ts';

/**
 * The organisation's organ id and its directory of external organs, kept by IT officers (issue 19
 * §1). A peer's key is written, never read back through the API.
 */
function itOfficer(actor: Actor): string {
  if (!actor.accountId || !actor.ownRoles.includes('IT_OFFICER')) reject(null, 'NOT_ALLOWED', 'Chỉ cán bộ chuyên trách CNTT quản lý danh bạ liên thông.');
  return actor.accountId;
}

function organIdOf(problems: Problems, field: string[], value: string): string {
  const organId = value.trim().toUpperCase();
  if (!isOrganId(organId)) problems.add(field, 'INVALID', `Mã định danh "${value}" không đúng dạng (ví dụ 000.00.11.H53, tối đa 35 ký tự).`);
  return organId;
}

function optional(problems: Problems, field: string, value: string | null | undefined, max: number, label: string): string | null {
  return value == null || value.trim() === '' ? null : requiredText(problems, ['input', field], value, max, label);
}

export interface IdentityInput {
  organId: string;
  place?: string | null;
  address?: string | null;
  email?: string | null;
  telephone?: string | null;
}

export async function setOrganIdentity(em: EntityManager, actor: Actor, input: IdentityInput): Promise<OrganIdentityEntity> {
  itOfficer(actor);
  const problems = new Problems();
  const organId = organIdOf(problems, ['input', 'organId'], input.organId);
  const fields = {
    place: optional(problems, 'place', input.place, 200, 'Địa danh'),
    address: optional(problems, 'address', input.address, 500, 'Địa chỉ'),
    email: optional(problems, 'email', input.email, 200, 'Thư điện tử'),
    telephone: optional(problems, 'telephone', input.telephone, 50, 'Điện thoại'),
  };
  problems.throwIfAny();
  const taken = await em.findOne(OrganIdentity, { organId }, { filters: false });
  if (taken && taken.organisation.id !== actor.organisationId) reject(['input', 'organId'], 'DUPLICATE', 'Mã định danh đã thuộc một cơ quan khác.');
  const identity = (await em.findOne(OrganIdentity, { organisation: actor.organisationId })) ?? em.create(OrganIdentity, { organisation: actor.organisationId, organId, ...fields });
  Object.assign(identity, { organId, ...fields });
  await em.flush();
  await auditAct(em, actor, 'interconnection.identity_set', { type: 'Organisation', id: actor.organisationId }, { organId });
  return identity;
}

export interface ExternalOrganInput {
  organId: string;
  name: string;
  address?: string | null;
  email?: string | null;
  telephone?: string | null;
  endpointUrl?: string | null;
  sharedKey?: string | null;
}

/** Adds an organ to the directory, or updates the one of that organ id (its key is kept when none is given). */
export async function saveExternalOrgan(em: EntityManager, actor: Actor, input: ExternalOrganInput, field: (name: string) => string[] = (name) => ['input', name]): Promise<ExternalOrganEntity> {
  const accountId = itOfficer(actor);
  const problems = new Problems();
  const organId = organIdOf(problems, field('organId'), input.organId);
  const name = requiredText(problems, field('name'), input.name, 200, 'Tên cơ quan');
  const text = (key: keyof ExternalOrganInput, max: number, label: string) => {
    const value = input[key];
    return value == null || value.trim() === '' ? null : requiredText(problems, field(key), value, max, label);
  };
  const address = text('address', 500, 'Địa chỉ');
  const email = text('email', 200, 'Thư điện tử');
  const telephone = text('telephone', 50, 'Điện thoại');
  const endpointUrl = text('endpointUrl', 500, 'Địa chỉ kết nối');
  if (endpointUrl) {
    let url: URL | null = null;
    try {
      url = new URL(endpointUrl);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) problems.add(field('endpointUrl'), 'INVALID', 'Địa chỉ kết nối phải là URL http(s).');
  }
  const sharedKey = input.sharedKey == null || input.sharedKey === '' ? null : input.sharedKey;
  if (sharedKey !== null && (sharedKey.length < 32 || sharedKey.length > 200)) problems.add(field('sharedKey'), 'INVALID', 'Khóa kết nối dài từ 32 đến 200 ký tự.');
  if (endpointUrl && sharedKey === null) {
    const existing = await em.findOne(ExternalOrgan, { organisation: actor.organisationId, organId }, { populate: ['sharedKey'] });
    if (!existing?.sharedKey) problems.add(field('sharedKey'), 'REQUIRED', 'Kết nối trực tiếp cần khóa kết nối chung của hai bên.');
  }
  problems.throwIfAny();
  const organ =
    (await em.findOne(ExternalOrgan, { organisation: actor.organisationId, organId })) ??
    em.create(ExternalOrgan, { organisation: actor.organisationId, organId, name: name!, createdBy: accountId });
  Object.assign(organ, { name: name!, address, email, telephone, endpointUrl });
  if (sharedKey !== null) organ.sharedKey = sharedKey;
  await em.flush();
  await auditAct(em, actor, 'interconnection.organ_saved', { type: 'Organisation', id: actor.organisationId }, { organId, direct: Boolean(endpointUrl) });
  return organ;
}
