import { endOfVietnamDate, startOfVietnamDay } from '../../core/vietnam-time.ts';
import { namedRecordId } from '../../core/named.ts';
import type { FilterQuery } from '@mikro-orm/core';
import { documentAccessFor, canReadContent, canSeeHandOver, contentReadable, documentWays } from './document-policy.ts';
import { anyWay } from '../../core/policy.ts';
import { registerPolicy } from './register-policy.ts';
import { authorityFor, hasOwnRole, type Viewer } from '../../core/viewer.ts';
import type { AccountEntity } from '../accounts/public.ts';
import { Document, DocumentView, type DocumentEntity } from './document.ts';
import { registerIncoming, returnIncoming } from './incoming-service.ts';
import { addDocumentFile } from './file-service.ts';
import { createDraft, moveOutgoing, updateDraft, type MoveInput } from './outgoing-service.ts';
import { registerReceived } from './sending-service.ts';
import { Organisation } from '../../core/organisation.ts';
import type { OutgoingAction } from './outgoing-states.ts';
import { DocumentFile, type DocumentFileEntity } from './document-file.ts';
import { downloadUrl } from '../files/public.ts';
import { documentKind, DOCUMENT_KINDS, isClassified } from './kinds.ts';
import { formatRegisterNumber, numberNotationOf } from './notation.ts';
import { Register } from './register.ts';
import { containsPattern, foldVietnamese } from '../../core/text.ts';
import { searchConditions } from './search-words.ts';
import type { DocumentFilter, OutgoingStepInput, RecallDocumentInput, Resolvers } from '../../generated/graphql.ts';
import { paginate, paginateRows } from '../../core/connection.ts';
import { countByWays } from '../../core/count-by-ways.ts';
import { viewerOf, type Context } from '../../core/context.ts';
import { documentRecordKind } from './record-kind.ts';
import { recordStream } from '../../core/record-stream.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import { LocalDateResolver } from 'graphql-scalars';
import { registerBook } from './register-book.ts';
import { createRegister } from './register-service.ts';
import { idOf, optionalIdOf, toGlobalId } from '../../core/ids.ts';
import { mutate, mutateOnce, withoutNulls, createOnce } from '../../core/mutate.ts';

/** Registers and official documents: registration, finding, and the sealed reading of content. */

/** A sealed field: null with FORBIDDEN unless the viewer may read the content, and then recorded. */
export async function sealed<T>(context: Context, document: DocumentEntity, value: () => T | Promise<T>): Promise<T> {
  if (!canReadContent(viewerOf(context), document)) {
    throw forbidden('Chỉ người được giao xử lý và lãnh đạo được xem nội dung văn bản mật.');
  }
  if (isClassified(document.confidentiality)) await context.loaders.documentViews.load({ document, contentRead: true });
  return value();
}

/** Records a view of one document (node, document): the access history of Decree 30 Appendix VI. */
export async function viewDocument(context: Context, document: DocumentEntity): Promise<DocumentEntity> {
  await context.loaders.documentViews.load({ document, contentRead: canReadContent(viewerOf(context), document) });
  return document;
}

/** The list's filter, without the visibility rule (which the list and its count apply each their own way). */
function documentFilter(context: Context, filter: DocumentFilter | null | undefined): FilterQuery<DocumentEntity> {
  const viewer = viewerOf(context);
  const conditions: object[] = [];
  if (filter?.registerId != null) conditions.push({ register: idOf(filter.registerId, 'Register', ['filter', 'registerId']) });
  if (filter?.direction) conditions.push({ direction: filter.direction });
  if (filter?.kind) conditions.push({ kind: filter.kind });
  if (filter?.confidentiality) conditions.push({ confidentiality: filter.confidentiality });
  if (filter?.urgency) conditions.push({ urgency: filter.urgency });
  if (filter?.status) conditions.push({ status: filter.status });
  if (filter?.issuingOrgan) conditions.push({ issuingOrganKey: { $like: containsPattern(foldVietnamese(filter.issuingOrgan).trim()) } });
  // Registration dates are Vietnamese calendar days.
  if (filter?.registeredFrom) conditions.push({ registeredAt: { $gte: startOfVietnamDay(filter.registeredFrom) } });
  if (filter?.registeredTo) {
    const end = endOfVietnamDate(filter.registeredTo);
    // A document is created before (or within milliseconds of) its registration: bounding the
    // creation time too lets the list walk its (organisation, created_at) index from the period's end.
    conditions.push({ registeredAt: { $lt: end } }, { createdAt: { $lt: new Date(end.getTime() + 86_400_000) } });
  }
  if (filter?.search) conditions.push(...searchConditions(filter.search, viewer.organisationId, contentReadable(viewer)));
  return { $and: conditions } as FilterQuery<DocumentEntity>;
}

function canSeeAccessHistory(viewer: Viewer, document: DocumentEntity): boolean {
  if (authorityFor(viewer, ['LEADER', 'DEPUTY_LEADER']).allowed) return true;
  return hasOwnRole(viewer, isClassified(document.confidentiality) ? 'CONFIDENTIAL_CLERK' : 'CLERK');
}

/** The newest version of each attachment. */
export function currentVersions(rows: DocumentFileEntity[]): DocumentFileEntity[] {
  const newest = new Map<number, DocumentFileEntity>();
  for (const row of rows) if ((newest.get(row.attachmentNo)?.version ?? 0) < row.version) newest.set(row.attachmentNo, row);
  return [...newest.values()].sort((a, b) => a.attachmentNo - b.attachmentNo);
}

/** A register named in a mutation's input, if the viewer may see it: one they may not is not found. */
async function namedRegister(context: Context, id: string | null | undefined): Promise<string | null> {
  return id ? namedRecordId(context.loaders.register, id, 'Register', ['input', 'registerId'], 'Sổ văn bản không tồn tại.') : null;
}

/** A step's input with its ids resolved; the register is looked up only for the step that uses it. */
async function stepInput(context: Context, action: OutgoingAction, input: OutgoingStepInput): Promise<MoveInput> {
  return {
    id: idOf(input.id, 'Document', ['input', 'id']),
    comment: input.comment ?? null,
    assigneeId: optionalIdOf(input.assigneeId, 'Account', ['input', 'assigneeId']),
    sendToOrganisationIds: (input.sendToOrganisationIds ?? []).map((id) => idOf(id, 'Organisation', ['input', 'sendToOrganisationIds'])),
    registerId: action === 'ISSUE' ? await namedRegister(context, input.registerId) : null,
    withoutNumber: input.withoutNumber ?? false,
    toUnitIds: (input.toUnitIds ?? []).map((id) => idOf(id, 'Unit', ['input', 'toUnitIds'])),
  };
}

/** One step of the outgoing flow, run with the rights the viewer holds now (own and delegated). */
function step(
  context: Context,
  action: OutgoingAction,
  input: OutgoingStepInput | RecallDocumentInput,
) {
  return mutate(context, async (em, actor) => ({
    document: await moveOutgoing(
      em,
      actor,
      action,
      action === 'RECALL'
        ? { id: idOf(input.id, 'Document', ['input', 'id']), reason: (input as RecallDocumentInput).reason }
        : await stepInput(context, action, input as OutgoingStepInput),
      (roles) => authorityFor(viewerOf(context), roles),
    ),
  }));
}


const present = <T>(items: (T | Error | null)[]): T[] => items.filter((item): item is T => item !== null && !(item instanceof Error));

export const documentResolvers: Resolvers = {
  LocalDate: LocalDateResolver,
  Query: {
    documentKinds: () => [...DOCUMENT_KINDS],
    // Names of other agencies are the one thing shared across tenants: how to address them.
    organisationDirectory: async (_, __, context) =>
      (await context.em.find(Organisation, {}, { orderBy: { name: 'asc' } })).map((organisation) => ({
        id: toGlobalId('Organisation', organisation.id),
        name: organisation.name,
        abbreviation: organisation.abbreviation,
      })),
    registers: (_, __, context) =>
      context.em.find(Register, registerPolicy.visible(viewerOf(context)), { orderBy: { confidential: 'asc', direction: 'asc', code: 'asc' } }),
    document: async (_, { id }, context) => {
      const document = await context.loaders.document.load(idOf(id, 'Document', ['id']));
      if (!document) throw notFound();
      return viewDocument(context, document);
    },
    registerBook: async (_, args, context) => {
      const register = await context.loaders.register.load(idOf(args.registerId, 'Register', ['registerId']));
      if (!register) throw notFound();
      const book = await registerBook(context.em, register, args.from, args.to, documentAccessFor(viewerOf(context)));
      // Classified subjects shown in the book are content reads, as in a list.
      await context.loaders.documentViews.loadMany(book.classifiedRead.map((document) => ({ document, contentRead: true })));
      return { register, from: args.from, to: args.to, rows: book.rows };
    },
    documents: (_, args, context, info) => {
      const filter = documentFilter(context, args.filter);
      const visibility = documentWays(viewerOf(context));
      return paginateRows(context.em, Document, { $and: [anyWay(visibility), filter] } as never, { createdAt: 'desc', id: 'desc' }, args, info, () =>
        countByWays(context.em, Document, filter, visibility),
      );
    },
  },

  Mutation: {
    createRegister: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        register: await createRegister(em, actor, {
          code: input.code,
          name: input.name,
          direction: input.direction,
          confidential: input.confidential ?? false,
          notationSuffix: input.notationSuffix ?? null,
        }),
      })),
    registerReceivedDocument: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        document: await registerReceived(em, actor, {
          id: idOf(input.id, 'Document', ['input', 'id']),
          handedToAccountIds: (input.handedToAccountIds ?? []).map((id) => idOf(id, 'Account', ['input', 'handedToAccountIds'])),
        }),
      })),
    registerIncomingDocument: (_, { input }, context) =>
      createOnce(context, 'registerIncomingDocument', input.idempotencyKey, 'document', context.loaders.document, async (em, actor) =>
        registerIncoming(em, actor, {
          ...input,
          registerId: await namedRegister(context, input.registerId),
          handedToAccountIds: (input.handedToAccountIds ?? []).map((id) => idOf(id, 'Account', ['input', 'handedToAccountIds'])),
          fileIds: (input.fileIds ?? []).map((id) => idOf(id, 'StoredFile', ['input', 'fileIds'])),
        }),
      ),
    addDocumentFile: (_, { input }, context) =>
      mutateOnce(
        context,
        'addDocumentFile',
        input.idempotencyKey,
        async (em, actor) => {
          const documentFile = await addDocumentFile(em, actor, {
            documentId: idOf(input.documentId, 'Document', ['input', 'documentId']),
            fileId: idOf(input.fileId, 'StoredFile', ['input', 'fileId']),
            attachmentNo: input.attachmentNo ?? null,
          });
          return { id: documentFile.id, result: { documentFile } };
        },
        // The file as the caller may read it now: through its document's policy.
        async (id) => {
          const documentFile = await context.em.findOne(DocumentFile, { id }, { populate: ['file'] });
          // A file is content: the caller must still be able to read the document's content.
          const document = documentFile && (await context.loaders.document.load(documentFile.document.id));
          return document && canReadContent(viewerOf(context), document) ? { documentFile } : null;
        },
      ),
    createOutgoingDraft: (_, { input }, context) =>
      createOnce(context, 'createOutgoingDraft', input.idempotencyKey, 'document', context.loaders.document, async (em, actor) =>
        createDraft(em, actor, {
          ...input,
          replyToId: optionalIdOf(input.replyToId, 'Document', ['input', 'replyToId']),
          replacesId: optionalIdOf(input.replacesId, 'Document', ['input', 'replacesId']),
          fileIds: (input.fileIds ?? []).map((id) => idOf(id, 'StoredFile', ['input', 'fileIds'])),
        }),
      ),
    updateOutgoingDraft: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        document: await updateDraft(em, actor, idOf(input.id, 'Document', ['input', 'id']), {
          ...withoutNulls(input),
          ...(input.fileIds ? { fileIds: input.fileIds.map((id) => idOf(id, 'StoredFile', ['input', 'fileIds'])) } : {}),
        }),
      })),
    submitOutgoingDocument: (_, { input }, context) => step(context, 'SUBMIT', input),
    forwardOutgoingDocument: (_, { input }, context) => step(context, 'FORWARD', input),
    appraiseOutgoingDocument: (_, { input }, context) => step(context, 'APPRAISE', input),
    approveOutgoingDocument: (_, { input }, context) => step(context, 'APPROVE', input),
    returnOutgoingDocument: (_, { input }, context) => step(context, 'RETURN', input),
    issueOutgoingDocument: (_, { input }, context) => step(context, 'ISSUE', input),
    sendOutgoingFirst: (_, { input }, context) => step(context, 'SEND_FIRST', input),
    recallOutgoingDocument: (_, { input }, context) => step(context, 'RECALL', input),
    returnIncomingDocument: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        document: await returnIncoming(em, actor, idOf(input.id, 'Document', ['input', 'id']), input.reason),
      })),
  },

  Subscription: {
    documentChanged: {
      subscribe: (_, { id }, context) =>
        recordStream(context, documentRecordKind, {
          id: optionalIdOf(id, 'Document', ['id']),
          // News of a classified document reaches only those who may read it in full.
          accept: (_event, document, viewer) => !isClassified(document.confidentiality) || canReadContent(viewer, document),
        }) as never,
      resolve: (document: DocumentEntity) => document,
    },
  },

  Register: {
    id: (register) => toGlobalId('Register', register.id),
  },

  Document: {
    id: (document) => toGlobalId('Document', document.id),
    register: (document, _, context) => (document.register ? context.loaders.register.load(document.register.id) : null),
    registerNumber: (document) => (document.registerNumber == null ? null : formatRegisterNumber(document.registerNumber)),
    registerYear: (document) => document.registerYear ?? null,
    kind: (document) => documentKind(document.kind) ?? { code: document.kind, name: document.kind, abbreviation: null },
    numberNotation: (document) => numberNotationOf(document),
    receivedAt: (document) => document.receivedAt ?? null,
    replyBy: (document) => document.replyBy ?? null,
    recallBy: (document) => document.recallBy ?? null,
    returnReason: (document) => document.returnReason ?? null,
    handedTo: async (document, _, context) =>
      canSeeHandOver(viewerOf(context), document) ? present<AccountEntity>(await context.loaders.account.loadMany(document.handlerIds)) : [],
    duplicateOf: (document, _, context) => (document.duplicateOf ? context.loaders.document.load(document.duplicateOf.id) : null),
    registeredAt: (document) => document.registeredAt ?? null,
    registeredBy: (document, _, context) => (document.registeredBy ? context.loaders.account.load(document.registeredBy.id) : null),
    viewerCanReadContent: (document, _, context) => canReadContent(viewerOf(context), document),
    subject: (document, _, context) => sealed(context, document, () => document.subject),
    signerPosition: (document, _, context) => sealed(context, document, () => document.signerPosition ?? null),
    signerName: (document, _, context) => sealed(context, document, () => document.signerName ?? null),
    pageCount: (document, _, context) => sealed(context, document, () => document.pageCount ?? null),
    files: (document, _, context) =>
      sealed(context, document, async () => currentVersions(await context.loaders.documentFiles.load(document.id))),
    draftedBy: (document, _, context) => (document.draftedBy ? context.loaders.account.load(document.draftedBy.id) : null),
    assignee: (document, _, context) => (document.assignee ? context.loaders.account.load(document.assignee.id) : null),
    replyTo: (document, _, context) => (document.replyTo ? context.loaders.document.load(document.replyTo.id) : null),
    replies: (document, _, context) => context.loaders.documentReplies.load(document.id),
    replaces: (document, _, context) => (document.replaces ? context.loaders.document.load(document.replaces.id) : null),
    replacedBy: (document, _, context) => context.loaders.documentReplacedBy.load(document.id),
    issuedAt: (document) => document.issuedAt ?? null,
    recalledAt: (document) => document.recalledAt ?? null,
    recallReason: (document) => document.recallReason ?? null,
    recipients: (document, _, context) => sealed(context, document, () => document.recipients ?? null),
    comments: (document, _, context) => sealed(context, document, () => context.loaders.documentComments.load(document.id)),
    versions: (document, _, context) => sealed(context, document, () => context.loaders.documentVersions.load(document.id)),
    accessHistory: (document, args, context, info) => {
      if (!canSeeAccessHistory(viewerOf(context), document)) throw forbidden();
      return paginate(context.em, DocumentView, { document: document.id }, { at: 'desc', id: 'desc' }, args, info);
    },
  },

  DocumentFile: {
    file: (documentFile) => documentFile.file.getEntity(),
    addedBy: (documentFile, _, context) => context.loaders.account.load(documentFile.addedBy.id),
    versions: async (documentFile, _, context) =>
      (await context.loaders.documentFiles.load(documentFile.document.id)).filter((row) => row.attachmentNo === documentFile.attachmentNo),
  },

  StoredFile: {
    id: (file) => toGlobalId('StoredFile', file.id),
    size: (file) => Number(file.size),
    downloadUrl: (file) => downloadUrl(file.id),
  },

  RegisterBook: {
    csvUrl: (book) => `/registers/${toGlobalId('Register', book.register.id)}/book.csv?from=${book.from}&to=${book.to}`,
    pdfUrl: (book) => `/registers/${toGlobalId('Register', book.register.id)}/book.pdf?from=${book.from}&to=${book.to}`,
  },

  DocumentComment: {
    author: (comment, _, context) => context.loaders.account.load(comment.author.id),
    onBehalfOf: (comment, _, context) => (comment.onBehalfOf ? context.loaders.account.load(comment.onBehalfOf.id) : null),
    text: (comment) => comment.text ?? null,
  },

  DocumentVersion: {
    createdBy: (version, _, context) => context.loaders.account.load(version.createdBy.id),
  },

  DocumentView: {
    account: (view, _, context) => context.loaders.account.load(view.account.id),
  },
};
