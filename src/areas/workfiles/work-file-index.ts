import { circulationNotes, numberNotationOf, type DocumentAccess, type DocumentEntity, documentKind, type Confidentiality } from '../documents/public.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, Unit } from '../accounts/public.ts';
import { Organisation } from '../../core/organisation.ts';
import { totalsOf, visibleLinks } from './work-file-contents.ts';
import { retentionLabel } from './work-file-rules.ts';
import type { WorkFileEntity } from './work-file.ts';

/**
 * A work file as printed or handed to the archive: its metadata (Decree 30 Appendix VI) and its
 * index (mục lục văn bản), as one reader may see it. The rows are the documents the reader may
 * see, numbered from 1; a subject or page count they may not read is left empty, as everywhere.
 */
interface WorkFileIndexRow {
  ordinal: number;
  numberNotation: string | null;
  /** The document's date (for a draft, the day it was drafted). */
  date: string;
  issuingOrgan: string;
  kind: string;
  subject: string | null;
  pageCount: number | null;
  notes: string | null;
}

export interface WorkFileIndex {
  code: string;
  year: number;
  title: string;
  description: string | null;
  retentionYears: number | null;
  retention: string;
  organisation: string;
  creator: string;
  creatorUnit: string;
  /** Rights (chế độ sử dụng): who may see the file besides its creator. */
  sharedWith: string[];
  language: string;
  startDate: string;
  endDate: string | null;
  status: 'OPEN' | 'CLOSED';
  documentCount: number;
  pageCount: number;
  rows: WorkFileIndexRow[];
  /** The documents whose content went into the index, for the access history. */
  documents: { document: DocumentEntity; contentRead: boolean }[];
}

const CONFIDENTIALITY: Record<Confidentiality, string | null> = { NONE: null, MAT: 'Mật', TOI_MAT: 'Tối mật', TUYET_MAT: 'Tuyệt mật' };
const DRAFTING = ['DRAFT', 'IN_REVIEW', 'IN_APPRAISAL', 'AWAITING_APPROVAL', 'APPROVED'];

/** Ghi chú: incoming or outgoing, a draft, recalled or returned, the level of a classified document, its circulation marks. */
export function notesOf(document: Pick<DocumentEntity, 'direction' | 'status' | 'confidentiality'> & Partial<Pick<DocumentEntity, 'circulationMark' | 'publicationRestrictedAt'>>): string {
  return [
    document.direction === 'INCOMING' ? 'Văn bản đến' : DRAFTING.includes(document.status) ? 'Dự thảo' : 'Văn bản đi',
    document.status === 'RECALLED' ? 'Đã thu hồi' : null,
    document.status === 'RETURNED' ? 'Đã trả lại' : null,
    CONFIDENTIALITY[document.confidentiality as Confidentiality],
    ...circulationNotes(document),
  ]
    .filter(Boolean)
    .join('; ');
}

export async function workFileIndex(em: EntityManager, file: WorkFileEntity, access: DocumentAccess): Promise<WorkFileIndex> {
  const links = await visibleLinks(em, [file.id], access.visible);
  const people = new Map((await em.find(Account, { id: { $in: file.handlerIds } })).map((account) => [account.id, account.fullName]));
  const unit = await em.findOne(Unit, { id: file.creatorUnit.id });
  const organisation = await em.findOne(Organisation, { id: file.organisation.id });
  const documents = links.map((link) => link.document.getEntity());
  const totals = totalsOf(documents, access.canReadContent);
  return {
    code: file.code,
    year: file.year,
    title: file.title,
    description: file.description ?? null,
    retentionYears: file.retentionYears ?? null,
    retention: retentionLabel(file.retentionYears ?? null),
    organisation: organisation?.name ?? '',
    creator: people.get(file.creator.id) ?? '',
    creatorUnit: unit?.name ?? '',
    sharedWith: file.handlerIds.filter((id) => id !== file.creator.id).map((id) => people.get(id) ?? '').filter(Boolean),
    language: file.language,
    startDate: file.startDate,
    endDate: file.endDate ?? null,
    status: file.status as 'OPEN' | 'CLOSED',
    ...totals,
    rows: documents.map((document, index) => {
      const readable = access.canReadContent(document);
      return {
        ordinal: index + 1,
        numberNotation: numberNotationOf(document),
        date: document.issuedOn,
        issuingOrgan: document.issuingOrgan,
        kind: documentKind(document.kind)?.name ?? document.kind,
        subject: readable ? document.subject : null,
        pageCount: readable ? (document.pageCount ?? null) : null,
        notes: notesOf(document) || null,
      };
    }),
    documents: documents.map((document) => ({ document, contentRead: access.canReadContent(document) })),
  };
}
