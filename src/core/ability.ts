import type { Actor } from './actor.ts';
import { Rejection, type UserErrorCode } from './user-error.ts';
import type { Viewer } from './viewer.ts';

/**
 * "May this viewer do X to this record", written once (like Hive's `canPerformAction` /
 * `assertPerformAction` pair): an ability is a list of conditions, each with the userError that
 * refuses it. The `viewerCan…` field asks `can`; the mutation asks `assertCan`, which refuses with
 * the first condition that fails — so the button a client shows and the act it allows never differ.
 */
export interface Condition<R> {
  holds(viewer: Viewer, record: R): boolean;
  code: UserErrorCode;
  message: string;
  /** Whether the refusal names the record's input field (a wrong state) or none (a wrong person). */
  onRecord?: boolean;
}

export type Ability<R> = readonly Condition<R>[];

/**
 * Why a viewer may not do something: what a rule answers when it is not a list of conditions
 * (a rule with many branches, such as where in the cabinet one may put what) and what the first
 * failing condition of an ability comes to. null means allowed.
 */
export interface Refusal {
  code: UserErrorCode;
  message: string;
}

/** Refuses the mutation with `refusal` on `field` (null: a wrong person, no field); nothing when allowed. */
export function refuse(field: readonly string[] | null, refusal: Refusal | null): void {
  if (refusal) throw new Rejection([{ field: field ? [...field] : null, code: refusal.code, message: refusal.message }]);
}

export function can<R>(viewer: Viewer, ability: Ability<R>, record: R): boolean {
  return ability.every((condition) => condition.holds(viewer, record));
}

/** Refuses with the first condition that fails; the deployment itself (no viewer) may do anything. */
export function assertCan<R>(actor: Actor, ability: Ability<R>, record: R, field: string[]): void {
  if (!actor.viewer) return;
  const failed = ability.find((condition) => !condition.holds(actor.viewer!, record));
  if (failed) refuse(failed.onRecord ? field : null, failed);
}
