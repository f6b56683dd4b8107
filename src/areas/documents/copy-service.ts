import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { auditAct } from '../../core/audit/trail.ts';
import { Organisation } from '../../core/organisation.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { vietnamDate, vietnamYear } from '../../core/vietnam-time.ts';
import { COPY_FORM_DEFINITIONS, DocumentCopy, type CopyForm, type DocumentCopyEntity } from './copy.ts';
import { Document } from './document.ts';
import { seenBy } from './document-policy.ts';
import { isClassified } from './kinds.ts';
import { formatRegisterNumber } from './notation.ts';
import { nextCopyNumber } from './numbering.ts';

export interface CopyInput {
  documentId: string;
  form: CopyForm;
  part?: string | null;
  signerPosition?: string | null;
  signerName?: string | null;
  recipients?: string | null;
}

function optional(problems: Problems, field: string, value: string | null | undefined, max: number, label: string): string | null {
  return value == null || value.trim() === '' ? null : requiredText(problems, ['input', field], value, max, label);
}

/**
 * The clerk makes a copy (Decree 30 Art. 25-27) of a registered incoming or an issued outgoing
 * document: one the clerk may not see is not found; a classified one is copied only by the clerk
 * of the confidential registers, and the copy is classified as it is, in the classified series.
 * The number is the next of the form's series in the year, taken in this transaction.
 */
export async function makeCopy(em: EntityManager, actor: Actor, input: CopyInput, now = new Date()): Promise<DocumentCopyEntity> {
  const original = await em.findOne(Document, seenBy(actor, { id: input.documentId }));
  if (!original) reject(['input', 'documentId'], 'NOT_FOUND', 'Văn bản không tồn tại.');
  const classified = isClassified(original.confidentiality);
  if (!actor.ownRoles.includes(classified ? 'CONFIDENTIAL_CLERK' : 'CLERK')) {
    reject(null, 'NOT_ALLOWED', classified ? 'Chỉ văn thư giữ sổ văn bản mật được sao văn bản mật.' : 'Chỉ văn thư được sao văn bản.');
  }
  const copiable = original.direction === 'INCOMING' ? original.status === 'REGISTERED' : original.status === 'ISSUED';
  if (!copiable) reject(['input', 'documentId'], 'INVALID_STATE', 'Chỉ sao văn bản đến đã đăng ký hoặc văn bản đi đã ban hành.');

  const problems = new Problems();
  const part = optional(problems, 'part', input.part, 500, 'Phần trích sao');
  if (input.form === 'TRICH_SAO' && !part) problems.add(['input', 'part'], 'REQUIRED', 'Bản trích sao phải ghi phần nội dung được trích.');
  if (input.form !== 'TRICH_SAO' && part) problems.add(['input', 'part'], 'INVALID', 'Chỉ bản trích sao ghi phần được trích; bản sao y, sao lục sao toàn văn.');
  const signerPosition = optional(problems, 'signerPosition', input.signerPosition, 100, 'Chức vụ người ký');
  const signerName = optional(problems, 'signerName', input.signerName, 50, 'Họ tên người ký');
  const recipients = optional(problems, 'recipients', input.recipients, 1000, 'Nơi nhận');
  problems.throwIfAny();

  const organisation = await em.findOneOrFail(Organisation, { id: actor.organisationId });
  const { abbreviation } = COPY_FORM_DEFINITIONS[input.form];
  const year = vietnamYear(now);
  const number = await nextCopyNumber(em, actor.organisationId, classified ? `${abbreviation}-MAT` : abbreviation, year);
  const copy = em.create(DocumentCopy, {
    organisation: actor.organisationId,
    original: original.id,
    form: input.form,
    confidentiality: original.confidentiality,
    year,
    number,
    numberNotation: `${formatRegisterNumber(number)}/${abbreviation}-${organisation.abbreviation}`.slice(0, 30),
    part,
    signerPosition,
    signerName,
    recipients,
    copiedOn: vietnamDate(now),
    madeBy: actor.accountId!,
  });
  await em.flush();
  await auditAct(em, actor, 'document.copied', { type: 'DocumentCopy', id: copy.id }, { original: original.id, form: input.form, number, year });
  return copy;
}
