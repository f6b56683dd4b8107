/**
 * Expected failures of a mutation. Domain code throws a `Rejection`; the transaction around the
 * mutation rolls back, and the resolver returns the errors in the payload's `userErrors`.
 */
import type { UserErrorCode } from '../generated/graphql.ts';

/** The codes are the schema's enum UserErrorCode (src/core/schema/common.graphql), written once there. */
export type { UserErrorCode };

export interface UserError {
  field: string[] | null;
  code: UserErrorCode;
  message: string;
}

export class Rejection extends Error {
  readonly errors: UserError[];

  constructor(errors: UserError[]) {
    super(errors.map((error) => error.message).join(' '));
    this.name = 'Rejection';
    this.errors = errors;
  }
}

export function reject(field: string[] | null, code: UserErrorCode, message: string): never {
  throw new Rejection([{ field, code, message }]);
}

/**
 * Collects every problem of an input before failing, so a form can show them all at once.
 */
export class Problems {
  readonly errors: UserError[] = [];

  add(field: string[] | null, code: UserErrorCode, message: string): void {
    this.errors.push({ field, code, message });
  }

  get empty(): boolean {
    return this.errors.length === 0;
  }

  throwIfAny(): void {
    if (!this.empty) throw new Rejection(this.errors);
  }
}
