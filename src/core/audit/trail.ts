import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry, AuditHead } from './audit-entry.ts';
import type { Actor } from '../actor.ts';
import { publishAll } from '../events.ts';
import { hook } from '../hook.ts';
import type { NodeType } from '../ids.ts';
import { ChainVerifier, entryHash, GENESIS_HASH, type ChainProblem, type StoredEntry } from './chain.ts';

export interface AuditRecord {
  /** Null for events outside any organisation (a sign-in with an unknown username). */
  organisationId: string | null;
  action: string;
  actorId?: string | null;
  onBehalfOfId?: string | null;
  /** The record acted on: its entity type (as the API names it) and id. */
  target?: { type: NodeType; id: string } | null;
  details?: Record<string, unknown>;
}

export function chainOf(organisationId: string | null): string {
  return organisationId ? `org:${organisationId}` : 'deployment';
}

/**
 * Appends an entry in the caller's transaction (so a rolled-back change leaves no entry). The head
 * row is locked for the append, which orders concurrent writers of one chain. For events that no
 * one subscribes to (sign-ins, sign-outs); a change of a record goes through `recordChanges`.
 */
export async function appendAudit(em: EntityManager, record: AuditRecord): Promise<void> {
  await appendAudits(em, [record]);
}

/**
 * Appends entries of one chain in order, in the caller's transaction: the head is locked once, the
 * entries written in one statement and the head moved once (a list that reads ten classified
 * subjects costs three statements, not forty).
 */
export async function appendAudits(em: EntityManager, records: readonly AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  const chain = chainOf(records[0]!.organisationId);
  if (records.some((record) => chainOf(record.organisationId) !== chain)) throw new Error('appendAudits: entries of one chain only');
  const lockHead = () =>
    em.execute<{ sequence: number; hash: string }[]>(`select "sequence", "hash" from "audit_head" where "chain" = ? for update`, [chain]);
  let [head] = await lockHead();
  if (!head) {
    // The chain's first entry: its head is made once (a concurrent first writer may win the insert).
    await em.execute(`insert into "audit_head" ("chain", "sequence", "hash") values (?, 0, ?) on conflict do nothing`, [chain, GENESIS_HASH]);
    [head] = await lockHead();
  }
  if (!head) throw new Error(`audit head of ${chain} vanished`);
  let { sequence, hash } = head;
  const at = new Date();
  const entries = records.map((record) => {
    const content = {
      chain,
      sequence: (sequence += 1),
      at,
      action: record.action,
      actorId: record.actorId ?? null,
      onBehalfOfId: record.onBehalfOfId ?? null,
      targetType: record.target?.type ?? null,
      targetId: record.target?.id ?? null,
      details: JSON.stringify(record.details ?? {}),
      prevHash: hash,
    };
    hash = entryHash(content);
    return { id: randomUUID(), ...content, organisation: record.organisationId, hash };
  });
  // Plain inserts: the entries never need to sit in the identity map (and onCreate does not run here).
  await em.insertMany(AuditEntry, entries);
  await em.execute(`update "audit_head" set "sequence" = ?, "hash" = ? where "chain" = ?`, [sequence, hash, chain]);
}

/** A change of a record, as the trail keeps it and its subscribers hear of it. */
export interface RecordChange {
  organisationId: string;
  action: string;
  target: { type: NodeType; id: string };
  /** Null for the system itself (a receipt from another organisation, a recall, a sweep). */
  actorId?: string | null;
  onBehalfOfId?: string | null;
  details?: Record<string, unknown>;
  /**
   * The part of the record the change is about (a document linked into a work file): a subscriber
   * hears of the change only if they may see that part too, as it is what changed for them.
   */
  part?: { type: NodeType; id: string };
}

const recordChangesHook = hook<readonly RecordChange[]>();
/**
 * Joins every recorded change, in its transaction (so what a listener writes, e.g. an outbox of
 * webhook deliveries, commits with the change or not at all).
 */
export const onRecordChanges = recordChangesHook.on;

/**
 * The one way a record's change is recorded: on the audit trail, and announced (on commit) to the
 * subscribers who may see the record — a change that is kept is always heard, and one that is
 * heard is always kept. Changes of one organisation's chain at a time.
 */
export async function recordChanges(em: EntityManager, changes: readonly RecordChange[]): Promise<void> {
  await appendAudits(em, changes);
  await recordChangesHook.run(em, changes);
  await publishAll(
    em,
    changes.map(({ organisationId, action, target, part }) => ({ type: 'record.changed', organisationId, recordType: target.type, recordId: target.id, action, ...(part ? { part } : {}) })),
  );
}

/** An act of an actor on a record, with the leader on whose behalf it was done (if any); `part`: see RecordChange. */
export async function auditAct(
  em: EntityManager,
  actor: Actor,
  action: string,
  target: { type: NodeType; id: string },
  details?: Record<string, unknown>,
  part?: { type: NodeType; id: string },
): Promise<void> {
  await auditActs(em, actor, [{ action, target, ...(details ? { details } : {}), ...(part ? { part } : {}) }]);
}

/** Several acts of one actor at once (a direction's assignments, a sweep's overdue marks): one append. */
export async function auditActs(
  em: EntityManager,
  actor: Actor,
  acts: readonly { action: string; target: { type: NodeType; id: string }; details?: Record<string, unknown>; part?: { type: NodeType; id: string } }[],
): Promise<void> {
  await recordChanges(
    em,
    acts.map(({ action, target, details, part }) => ({
      organisationId: actor.organisationId,
      action,
      actorId: actor.accountId,
      onBehalfOfId: actor.onBehalfOfId,
      target,
      ...(details ? { details } : {}),
      ...(part ? { part } : {}),
    })),
  );
}

const BATCH = 5000;

/** Walks the chain in batches and reports altered and missing entries. */
export async function verifyAuditChain(
  em: EntityManager,
  organisationId: string | null,
): Promise<{ entriesChecked: number; problems: ChainProblem[] }> {
  const chain = chainOf(organisationId);
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const rows = await em.find(
      AuditEntry,
      { chain, sequence: { $gt: after } },
      { orderBy: { sequence: 'asc' }, limit: BATCH, filters: false, disableIdentityMap: true },
    );
    for (const row of rows) {
      verifier.check({ ...row, organisation: undefined, actorId: row.actorId ?? null, onBehalfOfId: row.onBehalfOfId ?? null, targetType: row.targetType ?? null, targetId: row.targetId ?? null } as StoredEntry);
    }
    if (rows.length < BATCH) break;
    after = rows.at(-1)?.sequence ?? after;
  }
  const head = await em.findOne(AuditHead, { chain }, { disableIdentityMap: true });
  return { entriesChecked: verifier.checked, problems: verifier.finish(head ? { sequence: head.sequence, hash: head.hash } : null) };
}
