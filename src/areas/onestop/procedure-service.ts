import type { EntityManager } from '@mikro-orm/postgresql';
import { parse } from 'csv-parse/sync';
import { OPEN_UNIT, Unit } from '../accounts/public.ts';
import type { Actor } from '../../core/actor.ts';
import { refuse } from '../../core/ability.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { maintainsCatalogue } from './onestop-policy.ts';
import { OneStopProcedure, type OneStopProcedureEntity, type PaperRule } from './onestop.ts';

/** A procedure as entered (by form or by a CSV row); the handling unit by id. */
export interface ProcedureInput {
  code: string;
  name: string;
  field: string;
  handlingUnitId: string;
  totalDays: number;
  intakeDays: number;
  unitDays: number;
  unitHeadDays: number;
  leaderDays: number;
  returnDays: number;
  papers: PaperRule[];
  fee: number;
  resultIsDocument: boolean;
}

const PROCEDURE_CODE = /^[0-9A-Za-z.\-_]{1,30}$/;
const STEP_FIELDS = ['intakeDays', 'unitDays', 'unitHeadDays', 'leaderDays', 'returnDays'] as const;

function assertMaintainer(actor: Actor): void {
  if (actor.viewer && !maintainsCatalogue(actor.viewer)) refuse(null, { code: 'NOT_ALLOWED', message: 'Chỉ lãnh đạo và cán bộ công nghệ thông tin được cập nhật danh mục thủ tục.' });
}

/** Checks a procedure's values under `field`; `openUnitIds` are the organisation's open units. */
function checked(openUnitIds: Set<string>, problems: Problems, field: string[], input: ProcedureInput): ProcedureInput {
  if (!PROCEDURE_CODE.test(input.code)) problems.add([...field, 'code'], 'INVALID', 'Mã thủ tục gồm chữ, số, dấu chấm, tối đa 30 ký tự (ví dụ: 2.000364).');
  const name = requiredText(problems, [...field, 'name'], input.name, 500, 'Tên thủ tục') ?? '';
  const area = requiredText(problems, [...field, 'field'], input.field, 200, 'Lĩnh vực') ?? '';
  for (const key of ['totalDays', ...STEP_FIELDS] as const) {
    if (!Number.isInteger(input[key]) || input[key] < 0 || input[key] > 365) problems.add([...field, key], 'INVALID', 'Số ngày làm việc là số nguyên từ 0 đến 365.');
  }
  if (!(input.totalDays > 0)) problems.add([...field, 'totalDays'], 'INVALID', 'Tổng thời gian giải quyết phải lớn hơn 0 ngày làm việc.');
  const steps = STEP_FIELDS.reduce((total, key) => total + input[key], 0);
  if (steps > input.totalDays) problems.add([...field, 'totalDays'], 'INVALID', `Thời gian các bước (${steps} ngày) vượt tổng thời gian giải quyết (${input.totalDays} ngày).`);
  if (!Number.isInteger(input.fee) || input.fee < 0) problems.add([...field, 'fee'], 'INVALID', 'Lệ phí là số đồng, không âm.');
  if (input.papers.length === 0) problems.add([...field, 'papers'], 'REQUIRED', 'Cần ít nhất một thành phần hồ sơ.');
  const papers = input.papers.map((paper, index) => {
    const paperName = requiredText(problems, [...field, 'papers', String(index), 'name'], paper.name, 300, 'Tên giấy tờ') ?? '';
    if (!Number.isInteger(paper.copies) || paper.copies < 1 || paper.copies > 20) problems.add([...field, 'papers', String(index), 'copies'], 'INVALID', 'Số bản từ 1 đến 20.');
    return { name: paperName, required: paper.required, copies: paper.copies };
  });
  if (new Set(papers.map((paper) => paper.name)).size !== papers.length) problems.add([...field, 'papers'], 'DUPLICATE', 'Tên giấy tờ trong danh mục không được trùng.');
  if (!openUnitIds.has(input.handlingUnitId)) problems.add([...field, 'handlingUnitId'], 'INVALID_UNIT', 'Đơn vị xử lý không tồn tại.');
  return { ...input, name, field: area, papers };
}

/** Adds a procedure to the catalogue, or replaces the one with its code. */
export async function saveProcedure(em: EntityManager, actor: Actor, input: ProcedureInput, field: string[] = ['input']): Promise<OneStopProcedureEntity> {
  assertMaintainer(actor);
  const problems = new Problems();
  const clean = checked(await openUnits(em, actor), problems, field, input);
  problems.throwIfAny();
  return upsert(em, actor, clean);
}

async function openUnits(em: EntityManager, actor: Actor): Promise<Set<string>> {
  const units = await em.find(Unit, { organisation: actor.organisationId, ...OPEN_UNIT } as never);
  return new Set(units.map((unit) => unit.id));
}

async function upsert(em: EntityManager, actor: Actor, input: ProcedureInput): Promise<OneStopProcedureEntity> {
  const { handlingUnitId, ...values } = input;
  const existing = await em.findOne(OneStopProcedure, { organisation: actor.organisationId, code: input.code });
  const procedure = existing ?? em.create(OneStopProcedure, { organisation: actor.organisationId, ...values, handlingUnit: handlingUnitId });
  if (existing) em.assign(existing, { ...values, handlingUnit: handlingUnitId, active: true } as never);
  await em.flush();
  return procedure;
}

export async function withdrawProcedure(em: EntityManager, actor: Actor, id: string): Promise<OneStopProcedureEntity> {
  assertMaintainer(actor);
  const procedure = await em.findOne(OneStopProcedure, { id, organisation: actor.organisationId });
  if (!procedure) reject(['input', 'id'], 'NOT_FOUND', 'Thủ tục không tồn tại.');
  procedure.active = false;
  await em.flush();
  return procedure;
}

/** The columns of a catalogue CSV, in this order, with a header row. */
export const CSV_COLUMNS = ['code', 'name', 'field', 'unitCode', 'totalDays', 'intakeDays', 'unitDays', 'unitHeadDays', 'leaderDays', 'returnDays', 'fee', 'papers', 'resultIsDocument'] as const;

/**
 * The papers cell: one paper a line (or `;`-separated), each `name|required|copies`, where
 * required is 1/0 (có/không) and copies a number: `Đơn đề nghị|1|1; Bản sao giấy phép|0|2`.
 */
function papersOf(cell: string): PaperRule[] | null {
  const papers: PaperRule[] = [];
  for (const item of cell.split(/[;\n]/).map((part) => part.trim()).filter(Boolean)) {
    const [name, required, copies] = item.split('|').map((part) => part.trim());
    if (!name || !['1', '0', 'có', 'không'].includes(required ?? '') || !/^\d+$/.test(copies ?? '')) return null;
    papers.push({ name, required: required === '1' || required === 'có', copies: Number(copies) });
  }
  return papers;
}

/**
 * Imports a catalogue from CSV (RFC 4180, UTF-8, with or without BOM; parsed by csv-parse): every
 * row is checked first and any bad row refuses the whole file with its line number; otherwise each
 * row adds or replaces the procedure with its code.
 */
export async function importProcedures(em: EntityManager, actor: Actor, csv: string): Promise<OneStopProcedureEntity[]> {
  assertMaintainer(actor);
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (error) {
    reject(['input', 'csv'], 'INVALID', `Tệp CSV không đọc được: ${(error as Error).message}`);
  }
  const header = records.length > 0 ? Object.keys(records[0]!) : [];
  const missing = CSV_COLUMNS.filter((column) => !header.includes(column));
  if (records.length === 0) reject(['input', 'csv'], 'REQUIRED', 'Tệp CSV không có dòng thủ tục nào.');
  if (missing.length > 0) reject(['input', 'csv'], 'INVALID', `Tệp CSV thiếu cột: ${missing.join(', ')}.`);
  if (records.length > 2000) reject(['input', 'csv'], 'TOO_LONG', 'Mỗi lần nhập tối đa 2.000 thủ tục.');
  const units = await em.find(Unit, { organisation: actor.organisationId, ...OPEN_UNIT } as never);
  const unitByCode = new Map(units.map((unit) => [unit.code, unit.id]));
  const openUnitIds = new Set(unitByCode.values());
  const problems = new Problems();
  const inputs: ProcedureInput[] = [];
  const seen = new Set<string>();
  for (const [index, record] of records.entries()) {
    // Line numbers as a spreadsheet shows them: the header is line 1.
    const field = ['input', 'csv', String(index + 2)];
    const number = (column: string) => (/^\d+$/.test(record[column] ?? '') ? Number(record[column]) : Number.NaN);
    const papers = papersOf(record.papers ?? '');
    if (!papers) problems.add([...field, 'papers'], 'INVALID', 'Thành phần hồ sơ ghi dạng "tên|1 hoặc 0|số bản", cách nhau bằng dấu chấm phẩy.');
    const unitId = unitByCode.get(record.unitCode ?? '');
    if (!unitId) problems.add([...field, 'unitCode'], 'INVALID_UNIT', `Không có đơn vị mã "${record.unitCode ?? ''}".`);
    if (seen.has(record.code ?? '')) problems.add([...field, 'code'], 'DUPLICATE', `Mã thủ tục ${record.code ?? ''} lặp lại trong tệp.`);
    seen.add(record.code ?? '');
    const input: ProcedureInput = {
      code: record.code ?? '',
      name: record.name ?? '',
      field: record.field ?? '',
      handlingUnitId: unitId ?? '00000000-0000-0000-0000-000000000000',
      totalDays: number('totalDays'),
      intakeDays: number('intakeDays'),
      unitDays: number('unitDays'),
      unitHeadDays: number('unitHeadDays'),
      leaderDays: number('leaderDays'),
      returnDays: number('returnDays'),
      fee: number('fee'),
      papers: papers ?? [{ name: '-', required: false, copies: 1 }],
      resultIsDocument: ['1', 'có', 'true'].includes((record.resultIsDocument ?? '').toLowerCase()),
    };
    // A row without its unit is already refused: its other checks still run, but not the unit's twice.
    const clean = checked(unitId ? openUnitIds : new Set([input.handlingUnitId]), problems, field, input);
    inputs.push(clean);
  }
  problems.throwIfAny();
  const saved: OneStopProcedureEntity[] = [];
  for (const input of inputs) saved.push(await upsert(em, actor, input));
  return saved;
}
