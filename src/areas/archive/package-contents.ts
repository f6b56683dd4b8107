import { createHash, createHmac } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import type { BlobStore } from '../../core/blob-store.ts';
import { readBytes } from '../../core/blob-bytes.ts';
import { Organisation } from '../../core/organisation.ts';
import { foldVietnamese } from '../../core/text.ts';
import { DocumentFile, type DocumentAccess } from '../documents/public.ts';
import { keyProtectorFromEnvironment, signAsOrganisation, signaturesOfDocuments } from '../signatures/public.ts';
import { workFileIndex, workFilePdf, workFileXml, type WorkFileEntity, type WorkFileIndex } from '../workfiles/public.ts';
import type { ArchiveRecordEntity } from './archive.ts';
import { metadataOf, metadataPdf, metadataXml } from './document-metadata.ts';

/**
 * The archive's package of one record (seed 004 Art. 16 §2: convertible to paper, kept in the
 * format it was made in, its integrity provable, its origin known), self-contained:
 * - `ho-so.xml`, `ho-so.pdf`: the work file's metadata and index (Decree 30 Appendix VI);
 * - `van-ban/NNN/thong-tin.xml`, `thong-tin.pdf`: each document's metadata, as XML and rendered;
 * - `van-ban/NNN/tep/…`: each of its attachments, current version, in the format it was uploaded in;
 * - `van-ban/NNN/chu-ky/…`: its signed PDFs as each signature left them (leader, agency);
 * - `manifest.json`: every other file's path, size and SHA-256;
 * - `manifest.json.p7s`: the organisation's detached CMS signature of the manifest, with
 *   `chung-thu.pem` (its certificate and chain); or, when the organisation holds no certificate,
 *   `manifest.json.hmac` (HMAC-SHA256 under the server's signing secret, checkable only by it).
 * It holds what its reader may read: the documents they see, and the content of those they may read.
 */
export interface PackageEntry {
  path: string;
  bytes: Buffer;
}

export interface ArchivePackage {
  name: string;
  entries: PackageEntry[];
  index: WorkFileIndex;
}

const pad = (value: number) => String(value).padStart(3, '0');
const safeName = (name: string) => foldVietnamese(name).replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'tep';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The development secret, as the key protector's: the HMAC is a fallback for organisations without a certificate. */
function hmacKey(): string {
  return process.env.SIGNING_KEY_SECRET ?? 'vanthu-development-signing-key-not-for-production';
}

async function attachmentsOf(em: EntityManager, store: BlobStore, documentId: string): Promise<PackageEntry[]> {
  const files = await em.find(DocumentFile, { document: documentId }, { orderBy: { attachmentNo: 'asc', version: 'desc' }, populate: ['file'] });
  const current = files.filter((file, index) => files.findIndex((other) => other.attachmentNo === file.attachmentNo) === index);
  const entries: PackageEntry[] = [];
  for (const file of current) {
    const stored = file.file.getEntity();
    const bytes = await readBytes(store, stored.sha256);
    if (!bytes) throw new Error(`archive package: the bytes of file ${stored.id} are missing from the store`);
    entries.push({ path: `tep/${file.attachmentNo}-${safeName(stored.fileName)}`, bytes });
  }
  return entries;
}

export async function archivePackage(em: EntityManager, actor: Actor, store: BlobStore, record: ArchiveRecordEntity, file: WorkFileEntity, access: DocumentAccess, now: Date): Promise<ArchivePackage> {
  const index = await workFileIndex(em, file, access);
  const organisation = await em.findOneOrFail(Organisation, { id: file.organisation.id });
  const entries: PackageEntry[] = [
    { path: 'ho-so.xml', bytes: Buffer.from(workFileXml(index, now), 'utf8') },
    { path: 'ho-so.pdf', bytes: await workFilePdf(index, now) },
  ];
  const readable = index.documents.filter((entry) => entry.contentRead).map((entry) => entry.document.id);
  const signatures = await signaturesOfDocuments(em, readable);
  for (const [position, { document, contentRead }] of index.documents.entries()) {
    const folder = `van-ban/${pad(position + 1)}`;
    const metadata = metadataOf(document, { organId: organisation.id, organName: organisation.name, fileCode: file.code, ordinal: position + 1, language: file.language }, contentRead);
    entries.push({ path: `${folder}/thong-tin.xml`, bytes: Buffer.from(metadataXml(metadata), 'utf8') });
    entries.push({ path: `${folder}/thong-tin.pdf`, bytes: await metadataPdf(metadata, now) });
    if (!contentRead) continue;
    for (const attachment of await attachmentsOf(em, store, document.id)) entries.push({ path: `${folder}/${attachment.path}`, bytes: attachment.bytes });
    for (const signature of signatures.filter((candidate) => candidate.documentId === document.id)) {
      entries.push({ path: `${folder}/chu-ky/${signature.role === 'LEADER' ? '1-lanh-dao' : '2-co-quan'}.pdf`, bytes: signature.pdf });
    }
  }
  const manifest = Buffer.from(
    `${JSON.stringify(
      {
        format: 'urn:vanthu:goi-luu-tru:1',
        archiveRecordId: record.id,
        organisation: { id: organisation.id, name: organisation.name },
        workFile: { code: file.code, year: file.year, title: file.title },
        acceptedAt: record.acceptedAt.toISOString(),
        madeAt: now.toISOString(),
        algorithm: 'SHA-256',
        files: entries.map((entry) => ({ path: entry.path, size: entry.bytes.length, sha256: sha256(entry.bytes) })),
      },
      null,
      2,
    )}\n`,
    'utf8',
  );
  entries.push({ path: 'manifest.json', bytes: manifest });
  const sealed = await signAsOrganisation(em, actor, keyProtectorFromEnvironment(), manifest, 'archive_package', now);
  if (sealed) {
    entries.push({ path: 'manifest.json.p7s', bytes: sealed.cms });
    entries.push({ path: 'chung-thu.pem', bytes: Buffer.from([sealed.certificatePem, ...sealed.chainPems].map((pem) => pem.trim()).join('\n') + '\n', 'utf8') });
  } else {
    entries.push({ path: 'manifest.json.hmac', bytes: Buffer.from(`${createHmac('sha256', hmacKey()).update(manifest).digest('hex')}\n`, 'utf8') });
  }
  return { name: `luu-tru-${safeName(file.code)}.zip`, entries, index };
}
