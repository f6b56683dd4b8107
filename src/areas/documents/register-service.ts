import type { EntityManager } from '@mikro-orm/postgresql';
import { auditAct } from '../../core/audit/trail.ts';
import type { Actor } from '../../core/actor.ts';
import { Problems } from '../../core/user-error.ts';
import { checkCode, requiredText } from '../../core/validation.ts';
import { Register, standardRegister, type RegisterDirection, type RegisterEntity } from './register.ts';

export interface CreateRegisterInput {
  code: string;
  name: string;
  direction: RegisterDirection;
  confidential: boolean;
  notationSuffix?: string | null;
}

/**
 * An administrator adds a register beside the four every organisation has: a unit's own series,
 * copies (sao y, trích sao, sao lục have their own yearly series: Decree 30 Art. 15), a second
 * confidential series. Its numbers start at 01 on 1 January like the others.
 */
export async function createRegister(em: EntityManager, actor: Actor, input: CreateRegisterInput): Promise<RegisterEntity> {
  const problems = new Problems();
  const name = requiredText(problems, ['input', 'name'], input.name, 200, 'Tên sổ');
  const code = checkCode(problems, ['input', 'code'], requiredText(problems, ['input', 'code'], input.code, 20, 'Mã sổ'), 'Mã sổ', 'DI-SY');
  if (code && (await em.count(Register, { code }))) problems.add(['input', 'code'], 'DUPLICATE', 'Mã sổ đã được dùng.');
  const notationSuffix = await checkNotationSuffix(em, problems, input);
  problems.throwIfAny();
  const register = em.create(Register, { organisation: actor.organisationId, code: code!, name: name!, direction: input.direction, confidential: input.confidential, notationSuffix });
  await em.flush();
  await auditAct(em, actor, 'register.created', { type: 'Register', id: register.id }, { code: register.code, direction: register.direction, confidential: register.confidential });
  return register;
}

/** An added outgoing register needs a mark of its own for its notations; an incoming one has none. */
async function checkNotationSuffix(em: EntityManager, problems: Problems, input: CreateRegisterInput): Promise<string | null> {
  const field = ['input', 'notationSuffix'];
  const suffix = input.notationSuffix?.trim() || null;
  if (input.direction === 'INCOMING') {
    if (suffix) problems.add(field, 'INVALID', 'Sổ văn bản đến không có ký hiệu riêng.');
    return null;
  }
  if (!suffix) {
    problems.add(field, 'REQUIRED', 'Sổ văn bản đi thêm phải có ký hiệu riêng để số, ký hiệu không trùng với sổ khác trong năm.');
    return null;
  }
  const mark = checkCode(problems, field, requiredText(problems, field, suffix, 10, 'Ký hiệu riêng của sổ'), 'Ký hiệu riêng của sổ', 'VP');
  if (mark && (await em.count(Register, { notationSuffix: mark }))) problems.add(field, 'DUPLICATE', 'Ký hiệu riêng này đã được sổ khác dùng.');
  return mark ?? null;
}

/**
 * The register a document is numbered in: the one named, if it is of the right direction and
 * kind (a classified document only in a confidential register, and the reverse), or else the
 * organisation's standard one. Problems go on `field`.
 */
export async function registerFor(
  em: EntityManager,
  problems: Problems,
  field: string[],
  registerId: string | null | undefined,
  direction: RegisterDirection,
  classified: boolean,
): Promise<RegisterEntity | null> {
  const register = registerId ? await em.findOne(Register, { id: registerId }) : await standardRegister(em, direction, classified);
  if (!register || register.direction !== direction) {
    problems.add(field, 'NOT_FOUND', direction === 'INCOMING' ? 'Sổ văn bản đến không tồn tại.' : 'Sổ văn bản đi không tồn tại.');
    return null;
  }
  if (register.confidential !== classified) {
    const which = direction === 'INCOMING' ? 'đến' : 'đi';
    problems.add(field, 'INVALID', classified ? `Văn bản mật phải vào sổ văn bản mật ${which}.` : 'Sổ văn bản mật chỉ dành cho văn bản mật.');
    return null;
  }
  return register;
}
