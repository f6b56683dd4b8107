import type { EntityManager } from '@mikro-orm/postgresql';
import { auditAct } from '../../core/audit/trail.ts';
import type { Actor } from '../../core/actor.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { checkCode, optionalText, requiredText } from '../../core/validation.ts';
import { UNIT_HEADING_TITLES, type UnitKind } from '../../core/titles.ts';
import { publishAll } from '../../core/events.ts';
import { Account } from './account.ts';
import { OPEN_UNIT, Unit, type UnitEntity } from './unit.ts';
import { directoryChanged } from './directory-hooks.ts';

/**
 * The tree changed under someone: the units whose work a head carries (the one they head and every
 * unit below it) are an input of their rights, so every head's open connections are rebuilt.
 */
async function unitTreeChanged(em: EntityManager, organisationId: string): Promise<void> {
  const heads = await em.find(Account, { title: { $in: [...UNIT_HEADING_TITLES] }, status: 'ACTIVE' }, { fields: ['id'] });
  await publishAll(em, heads.map((head) => ({ type: 'account.changed' as const, accountId: head.id, organisationId })));
}

export interface CreateUnitInput {
  name: string;
  code: string;
  kind: UnitKind;
  parentId: string | null;
}

export async function createUnit(em: EntityManager, actor: Actor, input: CreateUnitInput): Promise<UnitEntity> {
  const problems = new Problems();
  const name = requiredText(problems, ['input', 'name'], input.name, 200, 'Tên đơn vị');
  const code = checkCode(problems, ['input', 'code'], requiredText(problems, ['input', 'code'], input.code, 20, 'Ký hiệu đơn vị'), 'Ký hiệu đơn vị', 'VP, QLTM');
  const parent = input.parentId ? await em.findOne(Unit, { id: input.parentId, ...OPEN_UNIT }) : null;
  if (input.parentId && !parent) problems.add(['input', 'parentId'], 'INVALID_UNIT', 'Đơn vị cấp trên không tồn tại.');
  if (code && (await em.count(Unit, { code }))) problems.add(['input', 'code'], 'DUPLICATE', 'Ký hiệu đơn vị đã được dùng.');
  problems.throwIfAny();
  const unit = em.create(Unit, { organisation: actor.organisationId, parent, name: name as string, code: code as string, kind: input.kind });
  await em.flush();
  await auditAct(em, actor, 'unit.created', { type: 'Unit', id: unit.id }, { name: unit.name, code: unit.code, parentId: parent?.id ?? null });
  if (parent) await unitTreeChanged(em, actor.organisationId);
  await directoryChanged(em, { kind: 'unit.created', organisationId: actor.organisationId, unitId: unit.id });
  return unit;
}

export interface UpdateUnitInput {
  id: string;
  name?: string | null;
  code?: string | null;
  kind?: UnitKind | null;
  parentId?: string | null;
}

/** Renames or moves a unit; a unit cannot move under itself or one of its own sub-units. */
export async function updateUnit(em: EntityManager, actor: Actor, input: UpdateUnitInput): Promise<UnitEntity> {
  const unit = await em.findOne(Unit, { id: input.id });
  if (!unit) reject(['input', 'id'], 'NOT_FOUND', 'Đơn vị không tồn tại.');
  if (unit.dissolvedAt) reject(['input', 'id'], 'UNIT_DISSOLVED', 'Đơn vị đã giải thể, không thể sửa.');
  const problems = new Problems();
  const name = optionalText(problems, ['input', 'name'], input.name, 200, 'Tên đơn vị');
  const code = checkCode(problems, ['input', 'code'], optionalText(problems, ['input', 'code'], input.code, 20, 'Ký hiệu đơn vị'), 'Ký hiệu đơn vị', 'VP, QLTM');
  if (code && code !== unit.code && (await em.count(Unit, { code }))) problems.add(['input', 'code'], 'DUPLICATE', 'Ký hiệu đơn vị đã được dùng.');
  let parent: UnitEntity | null | undefined;
  if (input.parentId) {
    parent = await em.findOne(Unit, { id: input.parentId, ...OPEN_UNIT });
    if (!parent) problems.add(['input', 'parentId'], 'INVALID_UNIT', 'Đơn vị cấp trên không tồn tại.');
    else if (await isSelfOrDescendant(em, parent.id, unit.id)) {
      problems.add(['input', 'parentId'], 'INVALID', 'Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.');
    }
    // Moving a unit under one the actor heads would bring its work into their own oversight:
    // nobody widens their own rights.
    else if (parent.id !== unit.parent?.id && actor.viewer?.carriesForUnitIds.includes(parent.id)) {
      problems.add(['input', 'parentId'], 'NOT_ALLOWED', 'Không tự chuyển đơn vị vào dưới đơn vị mình phụ trách.');
    }
  }
  problems.throwIfAny();
  const before = { name: unit.name, code: unit.code, kind: unit.kind, parentId: unit.parent?.id ?? null };
  if (name) unit.name = name;
  if (code) unit.code = code;
  if (input.kind) unit.kind = input.kind;
  if (parent) unit.parent = em.getReference(Unit, parent.id, { wrapped: true });
  await em.flush();
  await auditAct(em, actor, 'unit.updated', { type: 'Unit', id: unit.id }, { before, after: { name: unit.name, code: unit.code, kind: unit.kind, parentId: unit.parent?.id ?? null } });
  if ((unit.parent?.id ?? null) !== before.parentId) await unitTreeChanged(em, actor.organisationId);
  await directoryChanged(em, { kind: 'unit.updated', organisationId: actor.organisationId, unitId: unit.id });
  return unit;
}

/**
 * Dissolves a unit (giải thể): only once it has no member left (every account moved or disabled),
 * no open sub-unit, and — as the areas joining the directory hook decide — no open work. Its
 * folder in the cabinet is kept read-only; it stays in history under its name.
 */
export async function dissolveUnit(em: EntityManager, actor: Actor, unitId: string): Promise<UnitEntity> {
  const unit = await em.findOne(Unit, { id: unitId });
  if (!unit) reject(['input', 'id'], 'NOT_FOUND', 'Đơn vị không tồn tại.');
  if (unit.dissolvedAt) reject(['input', 'id'], 'UNIT_DISSOLVED', 'Đơn vị đã giải thể.');
  const [members, subUnits] = await Promise.all([
    em.count(Account, { unit: unit.id, status: { $ne: 'DISABLED' } }),
    em.count(Unit, { parent: unit.id, ...OPEN_UNIT }),
  ]);
  const problems = new Problems();
  if (subUnits > 0) problems.add(['input', 'id'], 'UNIT_NOT_EMPTY', `Đơn vị còn ${subUnits} đơn vị cấp dưới chưa giải thể.`);
  if (members > 0) problems.add(['input', 'id'], 'UNIT_NOT_EMPTY', `Đơn vị còn ${members} tài khoản; hãy chuyển đơn vị hoặc vô hiệu hóa trước khi giải thể.`);
  problems.throwIfAny();
  unit.dissolvedAt = new Date();
  await em.flush();
  await auditAct(em, actor, 'unit.dissolved', { type: 'Unit', id: unit.id }, { name: unit.name, code: unit.code });
  await unitTreeChanged(em, actor.organisationId);
  await directoryChanged(em, { kind: 'unit.dissolved', organisationId: actor.organisationId, unitId: unit.id });
  return unit;
}

/** Walks up from `candidateId` with one recursive query; true when it reaches `unitId`. */
async function isSelfOrDescendant(em: EntityManager, candidateId: string, unitId: string): Promise<boolean> {
  const rows = await em.execute<{ found: boolean }[]>(
    `with recursive up as (
       select id, parent_id from unit where id = ?
       union all
       select u.id, u.parent_id from unit u join up on u.id = up.parent_id
     ) select exists(select 1 from up where id = ?) as found`,
    [candidateId, unitId],
  );
  return rows[0]?.found === true;
}
