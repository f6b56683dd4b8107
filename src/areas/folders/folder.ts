import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account, Unit } from '../accounts/public.ts';
import { Document } from '../documents/public.ts';
import { StoredFile } from '../files/public.ts';
import { Notice } from '../notices/public.ts';
import { WorkFile } from '../workfiles/public.ts';
import { Organisation } from '../../core/organisation.ts';

/**
 * The cabinet (Tủ tài liệu; seed 002 Art. 10): a shared area ("Tài liệu chia sẻ") with the folders
 * "Lãnh đạo", "Tin nội bộ", "Văn bản mới" and one per unit, and a personal area per account.
 *
 * Who may read, add to or manage a folder or an item is materialised on its row (`readers`,
 * `contributors`, `managers`: the keys of the grants that reach it, see access.ts), recomputed
 * whenever a grant, an inheritance switch, a move or the unit tree changes (rights-refresh.ts).
 * So one SQL predicate (array overlap, GIN indexed) decides lists, counts, search and reads by
 * id alike, and the same check runs in memory for subscriptions.
 */
export const FOLDER_AREAS = ['SHARED', 'PERSONAL'] as const;
export type FolderArea = (typeof FOLDER_AREAS)[number];

/** The cabinet's own folders, and FOLDER for those people create. */
export const FOLDER_KINDS = ['SHARED_ROOT', 'LEADERS', 'INTERNAL_NEWS', 'NEW_DOCUMENTS', 'UNIT', 'PERSONAL_ROOT', 'FOLDER'] as const;
export type FolderKind = (typeof FOLDER_KINDS)[number];

/** Which of Art. 10.1's places a folder lies in (the built-in folder at the top of its branch). */
export const FOLDER_ZONES = ['ROOT', 'LEADERS', 'INTERNAL_NEWS', 'NEW_DOCUMENTS', 'UNIT', 'PERSONAL', 'OTHER'] as const;
export type FolderZone = (typeof FOLDER_ZONES)[number];

export const ACCESS_LEVELS = ['READ', 'CONTRIBUTE', 'MANAGE'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export const GRANTEE_KINDS = ['ACCOUNT', 'UNIT', 'UNIT_WITH_SUBUNITS', 'UNIT_HEADS', 'ROLE', 'EVERYONE'] as const;
export type GranteeKind = (typeof GRANTEE_KINDS)[number];

export const ITEM_KINDS = ['FILE', 'DOCUMENT_LINK', 'WORK_FILE_LINK'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const Folder = defineEntity({
  name: 'Folder',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    parent: () => p.manyToOne(Folder).ref().nullable().deleteRule('cascade'),
    area: p.enum(FOLDER_AREAS),
    kind: p.enum(FOLDER_KINDS),
    zone: p.enum(FOLDER_ZONES),
    /** For the zone UNIT: the unit whose folder heads the branch. */
    zoneUnitId: p.uuid().nullable(),
    /** For a unit's own folder: the unit (null once the unit is gone: the folder is then read-only). */
    unit: () => p.manyToOne(Unit).ref().nullable().deleteRule('set null'),
    /** For the personal area: its owner. */
    owner: () => p.manyToOne(Account).ref().nullable(),
    name: p.string().length(255),
    /** The name folded (no diacritics, lower case): unique among live siblings. */
    nameKey: p.string().length(255),
    /** The folded name's words, for the accent-free search of folders (search.ts). */
    searchWords: p.string().columnType('tsvector').generated('(folder_search_words(organisation_id, name_key)) stored').lazy().nullable(),
    /** The ids of the folder's ancestors and itself, root first. */
    path: p.array().default([]),
    /** The folders whose grants reach this one: itself and, while it inherits, those above. */
    rightsPath: p.array().default([]),
    inheritsRights: p.boolean().default(true),
    readers: p.array().default([]),
    contributors: p.array().default([]),
    managers: p.array().default([]),
    readOnly: p.boolean().default(false),
    /** Null for the cabinet's own folders. */
    createdBy: () => p.manyToOne(Account).ref().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
    /** In the trash: the id of the folder or item whose deletion took it there. */
    trashedBy: p.uuid().nullable(),
    deletedAt: p.datetime().nullable(),
    deletedBy: () => p.manyToOne(Account).ref().nullable(),
  },
  indexes: [
    { properties: ['parent', 'nameKey', 'id'] },
    { name: 'folder_path_gin', expression: 'create index "folder_path_gin" on "folder" using gin ("path")' },
    { name: 'folder_search_words_gin', expression: 'create index "folder_search_words_gin" on "folder" using gin ("organisation_id", "search_words")' },
    { name: 'folder_organisation_readers_gin', expression: 'create index "folder_organisation_readers_gin" on "folder" using gin ("organisation_id", "readers")' },
    { name: 'folder_trash', expression: 'create index "folder_trash" on "folder" ("deleted_at") where "deleted_at" is not null' },
    { name: 'folder_live_name_unique', expression: 'create unique index "folder_live_name_unique" on "folder" ("parent_id", "name_key") where "trashed_by" is null' },
    { name: 'folder_standard_unique', expression: `create unique index "folder_standard_unique" on "folder" ("organisation_id", "kind") where "kind" in ('SHARED_ROOT', 'LEADERS', 'INTERNAL_NEWS', 'NEW_DOCUMENTS')` },
    { name: 'folder_unit_unique', expression: `create unique index "folder_unit_unique" on "folder" ("unit_id") where "kind" = 'UNIT'` },
    { name: 'folder_owner_unique', expression: `create unique index "folder_owner_unique" on "folder" ("owner_id") where "kind" = 'PERSONAL_ROOT'` },
  ],
});
export type FolderEntity = InferEntity<typeof Folder>;

/** A file put in a folder (with its versions), or a link to a registered document or a work file. */
export const FolderItem = defineEntity({
  name: 'FolderItem',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    folder: () => p.manyToOne(Folder).ref().deleteRule('cascade'),
    kind: p.enum(ITEM_KINDS),
    name: p.string().length(255),
    nameKey: p.string().length(255),
    description: p.string().length(2000).nullable(),
    /** Whose document it is (Art. 10.2: nobody changes it without their consent). */
    author: () => p.manyToOne(Account).ref(),
    /** The author's unit when it was added: its heads answer for an author whose account is disabled. */
    authorUnit: () => p.manyToOne(Unit).ref(),
    document: () => p.manyToOne(Document).ref().nullable(),
    workFile: () => p.manyToOne(WorkFile).ref().nullable(),
    /** The newest version (0 for a link). */
    currentVersion: p.integer().default(0),
    currentFile: () => p.manyToOne(StoredFile).ref().nullable(),
    size: p.bigint('number').nullable(),
    /** Name and description folded, for accent-insensitive search. */
    searchText: p.text(),
    searchWords: p.string().columnType('tsvector').generated('(folder_search_words(organisation_id, search_text)) stored').lazy().nullable(),
    rightsPath: p.array().default([]),
    inheritsRights: p.boolean().default(true),
    readers: p.array().default([]),
    contributors: p.array().default([]),
    managers: p.array().default([]),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
    trashedBy: p.uuid().nullable(),
    deletedAt: p.datetime().nullable(),
    deletedBy: () => p.manyToOne(Account).ref().nullable(),
  },
  indexes: [
    { properties: ['folder', 'nameKey', 'id'] },
    { properties: ['folder', 'updatedAt', 'id'] },
    { properties: ['document'] },
    { properties: ['workFile'] },
    { properties: ['currentFile'] },
    { name: 'folder_item_organisation_readers_gin', expression: 'create index "folder_item_organisation_readers_gin" on "folder_item" using gin ("organisation_id", "readers")' },
    { name: 'folder_item_search_words_gin', expression: 'create index "folder_item_search_words_gin" on "folder_item" using gin ("organisation_id", "search_words")' },
    { name: 'folder_item_trash', expression: 'create index "folder_item_trash" on "folder_item" ("deleted_at") where "deleted_at" is not null' },
    { name: 'folder_item_live_name_unique', expression: 'create unique index "folder_item_live_name_unique" on "folder_item" ("folder_id", "name_key") where "trashed_by" is null' },
  ],
});
export type FolderItemEntity = InferEntity<typeof FolderItem>;

/** One version of a file item; a new version never replaces an old one. */
export const FolderItemVersion = defineEntity({
  name: 'FolderItemVersion',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    item: () => p.manyToOne(FolderItem).ref().deleteRule('cascade'),
    version: p.integer(),
    file: () => p.manyToOne(StoredFile).ref(),
    addedBy: () => p.manyToOne(Account).ref(),
    addedAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['item', 'version'] }],
  indexes: [{ properties: ['file'] }],
});
export type FolderItemVersionEntity = InferEntity<typeof FolderItemVersion>;

/**
 * A right on a folder or an item: a person, a unit (with or without its sub-units), the heads of a
 * unit, a role, or everyone in the organisation, at one level. `granteeKey` is what the
 * materialised columns hold (access.ts). Built-in grants (the cabinet's own rules) cannot be withdrawn.
 */
export const FolderGrant = defineEntity({
  name: 'FolderGrant',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    folder: () => p.manyToOne(Folder).ref().nullable().deleteRule('cascade'),
    item: () => p.manyToOne(FolderItem).ref().nullable().deleteRule('cascade'),
    /** The folder's or the item's id. */
    targetId: p.uuid(),
    granteeKind: p.enum(GRANTEE_KINDS),
    granteeKey: p.string().length(100),
    account: () => p.manyToOne(Account).ref().nullable(),
    unit: () => p.manyToOne(Unit).ref().nullable().deleteRule('cascade'),
    role: p.string().length(30).nullable(),
    level: p.enum(ACCESS_LEVELS),
    builtIn: p.boolean().default(false),
    grantedBy: () => p.manyToOne(Account).ref().nullable(),
    grantedAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['targetId', 'granteeKey'] }],
  indexes: [{ properties: ['organisation', 'granteeKind'] }],
});
export type FolderGrantEntity = InferEntity<typeof FolderGrant>;

export const RIGHT_CHANGE_ACTIONS = ['GRANTED', 'CHANGED', 'WITHDRAWN', 'INHERITANCE_BROKEN', 'INHERITANCE_RESTORED'] as const;
export type RightChangeAction = (typeof RIGHT_CHANGE_ACTIONS)[number];

/** Every change of rights on a folder or an item: who, when, what (Decree 30 Appendix VI). */
export const FolderRightChange = defineEntity({
  name: 'FolderRightChange',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    folder: () => p.manyToOne(Folder).ref().nullable().deleteRule('cascade'),
    item: () => p.manyToOne(FolderItem).ref().nullable().deleteRule('cascade'),
    targetId: p.uuid(),
    action: p.enum(RIGHT_CHANGE_ACTIONS),
    granteeKind: p.enum(GRANTEE_KINDS).nullable(),
    granteeKey: p.string().length(100).nullable(),
    level: p.enum(ACCESS_LEVELS).nullable(),
    previousLevel: p.enum(ACCESS_LEVELS).nullable(),
    by: () => p.manyToOne(Account).ref(),
    at: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['targetId', 'at', 'id'] }],
});
export type FolderRightChangeEntity = InferEntity<typeof FolderRightChange>;

export const CHANGE_REQUEST_KINDS = ['REPLACE', 'EDIT', 'MOVE', 'DELETE'] as const;
export type ChangeRequestKind = (typeof CHANGE_REQUEST_KINDS)[number];

export const CHANGE_REQUEST_STATUSES = ['PENDING', 'ACCEPTED', 'REFUSED', 'EXPIRED', 'WITHDRAWN', 'CANCELLED'] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];

/**
 * A request to change another author's item (Art. 10.2): replace its file, edit its name or
 * description, move it or delete it. Applied by the system, exactly as filed, only once accepted.
 */
export const FolderChangeRequest = defineEntity({
  name: 'FolderChangeRequest',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    item: () => p.manyToOne(FolderItem).ref().deleteRule('cascade'),
    kind: p.enum(CHANGE_REQUEST_KINDS),
    status: p.enum(CHANGE_REQUEST_STATUSES),
    requester: () => p.manyToOne(Account).ref(),
    author: () => p.manyToOne(Account).ref(),
    authorUnit: () => p.manyToOne(Unit).ref(),
    note: p.string().length(500).nullable(),
    newFile: () => p.manyToOne(StoredFile).ref().nullable(),
    newName: p.string().length(255).nullable(),
    newDescription: p.string().length(2000).nullable(),
    /** Whether an EDIT sets the description (to `newDescription`, null clearing it). */
    changesDescription: p.boolean().default(false),
    targetFolder: () => p.manyToOne(Folder).ref().nullable().deleteRule('set null'),
    /** The refusal's reason, or the note of an acceptance. */
    reason: p.string().length(500).nullable(),
    answeredBy: () => p.manyToOne(Account).ref().nullable(),
    /** Answered by a head of the author's unit because the author's account is disabled. */
    answeredForAuthor: p.boolean().default(false),
    answeredAt: p.datetime().nullable(),
    expiresAt: p.datetime(),
    appliedVersion: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [
    { properties: ['item', 'status'] },
    { properties: ['requester', 'createdAt', 'id'] },
    { properties: ['author', 'createdAt', 'id'] },
    { properties: ['authorUnit', 'createdAt', 'id'] },
    { name: 'folder_change_request_pending', expression: `create index "folder_change_request_pending" on "folder_change_request" ("expires_at") where "status" = 'PENDING'` },
  ],
});
export type FolderChangeRequestEntity = InferEntity<typeof FolderChangeRequest>;

/** What a notice of the cabinet is about: read through their own rules by the recipient. */
export const FolderNotice = defineEntity({
  name: 'FolderNotice',
  properties: {
    notice: () => p.manyToOne(Notice).ref().primary().deleteRule('cascade'),
    organisation: () => p.manyToOne(Organisation).ref(),
    folder: () => p.manyToOne(Folder).ref().nullable().deleteRule('cascade'),
    item: () => p.manyToOne(FolderItem).ref().nullable().deleteRule('cascade'),
    request: () => p.manyToOne(FolderChangeRequest).ref().nullable().deleteRule('cascade'),
  },
});
export type FolderNoticeEntity = InferEntity<typeof FolderNotice>;
