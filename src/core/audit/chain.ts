import { createHash } from 'node:crypto';

/**
 * The audit trail is a hash chain: each entry's hash covers its content and the hash of the entry
 * before, and a head row keeps the last sequence and hash. Altering an entry breaks its hash;
 * removing one leaves a gap in the sequence or a broken link; removing the last ones leaves the head
 * pointing past the end. Pure functions here; storage is in trail.ts.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedContent {
  chain: string;
  sequence: number;
  at: Date;
  action: string;
  actorId: string | null;
  onBehalfOfId: string | null;
  targetType: string | null;
  targetId: string | null;
  details: string;
  prevHash: string;
}

export function entryHash(content: ChainedContent): string {
  // A fixed-order array, so the hash never depends on how an object's keys were ordered.
  const canonical = JSON.stringify([
    content.chain,
    content.sequence,
    content.at.toISOString(),
    content.action,
    content.actorId,
    content.onBehalfOfId,
    content.targetType,
    content.targetId,
    content.details,
    content.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface StoredEntry extends ChainedContent {
  hash: string;
}

export interface ChainHead {
  sequence: number;
  hash: string;
}

export type ChainProblemKind = 'ALTERED' | 'MISSING';
export interface ChainProblem {
  sequence: number;
  kind: ChainProblemKind;
}

/**
 * Checks entries one at a time in ascending sequence, so a long chain can be streamed in batches,
 * then against the head at the end.
 */
export class ChainVerifier {
  readonly problems: ChainProblem[] = [];
  checked = 0;
  private expectedSequence = 1;
  private previousHash = GENESIS_HASH;

  check(entry: StoredEntry): void {
    if (entry.sequence > this.expectedSequence) {
      this.problems.push({ sequence: this.expectedSequence, kind: 'MISSING' });
    } else if (entry.prevHash !== this.previousHash) {
      // No gap, yet the link is broken: the entry before was rewritten with a fresh hash.
      this.problems.push({ sequence: entry.sequence - 1, kind: 'ALTERED' });
    }
    if (entryHash(entry) !== entry.hash) this.problems.push({ sequence: entry.sequence, kind: 'ALTERED' });
    this.expectedSequence = entry.sequence + 1;
    this.previousHash = entry.hash;
    this.checked += 1;
  }

  finish(head: ChainHead | null): ChainProblem[] {
    if (head && head.sequence >= this.expectedSequence) {
      this.problems.push({ sequence: this.expectedSequence, kind: 'MISSING' });
    } else if (head && this.checked > 0 && head.hash !== this.previousHash) {
      this.problems.push({ sequence: this.expectedSequence - 1, kind: 'ALTERED' });
    }
    return this.problems;
  }
}

export function verifyChain(entries: readonly StoredEntry[], head: ChainHead | null): ChainProblem[] {
  const verifier = new ChainVerifier();
  for (const entry of entries) verifier.check(entry);
  return verifier.finish(head);
}
