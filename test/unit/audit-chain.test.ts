import { describe, expect, it } from 'vitest';
import { entryHash, GENESIS_HASH, verifyChain, type StoredEntry } from '../../src/core/audit/chain.ts';

function buildChain(length: number): StoredEntry[] {
  const entries: StoredEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let sequence = 1; sequence <= length; sequence += 1) {
    const content = {
      chain: 'org:1',
      sequence,
      at: new Date(Date.UTC(2026, 0, 1, 0, sequence)),
      action: 'login.succeeded',
      actorId: 'a',
      onBehalfOfId: null,
      targetType: null,
      targetId: null,
      details: JSON.stringify({ n: sequence }),
      prevHash,
    };
    const hash = entryHash(content);
    entries.push({ ...content, hash });
    prevHash = hash;
  }
  return entries;
}

const headOf = (entries: StoredEntry[]) => {
  const last = entries.at(-1);
  return last ? { sequence: last.sequence, hash: last.hash } : null;
};

describe('audit chain verification', () => {
  it('accepts an intact chain', () => {
    const entries = buildChain(5);
    expect(verifyChain(entries, headOf(entries))).toEqual([]);
  });

  it('reports an entry whose content was altered', () => {
    const entries = buildChain(5);
    const head = headOf(entries);
    entries[2] = { ...(entries[2] as StoredEntry), details: '{"n":99}' };
    expect(verifyChain(entries, head)).toEqual([{ sequence: 3, kind: 'ALTERED' }]);
  });

  it('reports an entry rewritten with a recomputed hash through the broken link', () => {
    const entries = buildChain(5);
    const head = headOf(entries);
    const forged = { ...(entries[1] as StoredEntry), action: 'nothing.happened' };
    entries[1] = { ...forged, hash: entryHash(forged) };
    expect(verifyChain(entries, head)).toEqual([{ sequence: 2, kind: 'ALTERED' }]);
  });

  it('reports a removed entry in the middle', () => {
    const entries = buildChain(5);
    const head = headOf(entries);
    entries.splice(1, 1);
    expect(verifyChain(entries, head)).toEqual([{ sequence: 2, kind: 'MISSING' }]);
  });

  it('reports removed entries at the end through the head', () => {
    const entries = buildChain(5);
    const head = headOf(entries);
    expect(verifyChain(entries.slice(0, 3), head)).toEqual([{ sequence: 4, kind: 'MISSING' }]);
  });

  it('reports a removed first entry', () => {
    const entries = buildChain(3);
    const head = headOf(entries);
    expect(verifyChain(entries.slice(1), head)).toEqual([{ sequence: 1, kind: 'MISSING' }]);
  });
});
