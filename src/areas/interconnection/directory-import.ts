import { parse } from 'csv-parse/sync';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { reject, Rejection, type UserError } from '../../core/user-error.ts';
import { saveExternalOrgan } from './directory-service.ts';
import type { ExternalOrganEntity } from './interconnection.ts';

/**
 * The directory from a CSV (issue 19 §1), parsed by csv-parse: a header row naming the columns
 * (organId, name, address, email, telephone — or the Vietnamese ma_dinh_danh, ten, dia_chi,
 * thu_dien_tu, dien_thoai), one organ a row, each checked as saveExternalOrgan checks it. All rows
 * or none: a bad row is named by its line and column, and nothing is saved. Links to direct peers
 * (endpoint, key) are never in a spreadsheet: they are set one by one.
 */
const COLUMNS: Record<string, 'organId' | 'name' | 'address' | 'email' | 'telephone'> = {
  organid: 'organId',
  ma_dinh_danh: 'organId',
  name: 'name',
  ten: 'name',
  address: 'address',
  dia_chi: 'address',
  email: 'email',
  thu_dien_tu: 'email',
  telephone: 'telephone',
  dien_thoai: 'telephone',
};
const MAX_ROWS = 5000;

export async function importExternalOrgans(em: EntityManager, actor: Actor, csv: string): Promise<ExternalOrganEntity[]> {
  let rows: Record<string, string>[];
  try {
    rows = parse(csv.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map((name) => COLUMNS[name.trim().toLowerCase()] ?? `unknown:${name}`),
      skip_empty_lines: true,
      trim: true,
      bom: true,
      max_record_size: 10_000,
    }) as Record<string, string>[];
  } catch (error) {
    return reject(['input', 'csv'], 'INVALID', `Tệp CSV không đọc được: ${(error as Error).message}`);
  }
  const unknown = Object.keys(rows[0] ?? {}).filter((name) => name.startsWith('unknown:'));
  if (unknown.length > 0) reject(['input', 'csv'], 'INVALID', `Cột không nhận ra: ${unknown.map((name) => name.slice(8)).join(', ')} (dùng organId, name, address, email, telephone).`);
  if (rows.length === 0) reject(['input', 'csv'], 'REQUIRED', 'Tệp CSV không có dòng nào.');
  if (rows.length > MAX_ROWS) reject(['input', 'csv'], 'TOO_LONG', `Tệp CSV có quá ${MAX_ROWS} dòng.`);
  const problems: UserError[] = [];
  const saved: ExternalOrganEntity[] = [];
  for (const [index, row] of rows.entries()) {
    const line = String(index + 2);
    try {
      saved.push(await saveExternalOrgan(em, actor, { organId: row.organId ?? '', name: row.name ?? '', address: row.address, email: row.email, telephone: row.telephone }, (name) => ['input', 'csv', line, name]));
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      problems.push(...error.errors);
    }
  }
  if (problems.length > 0) throw new Rejection(problems);
  return saved;
}
