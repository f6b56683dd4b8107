import type { RecordKind } from '../core/record-kind.ts';
import { modules } from '../modules.ts';

const byType = new Map<string, RecordKind<{ id: string }>>(
  modules.flatMap((module) => module.recordKinds ?? []).map((kind) => [kind.type, kind as unknown as RecordKind<{ id: string }>]),
);

/** The kind of record a `record.changed` event is about, from the areas' modules. */
export function recordKindOf(recordType: string): RecordKind<{ id: string }> | undefined {
  return byType.get(recordType);
}
