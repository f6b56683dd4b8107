/**
 * Raw SQL for the cabinet's set-based work (rights materialisation, the cabinet's own folders), run
 * by an EntityManager in a request or by a migration: anything that executes a statement with `?`
 * placeholders. The tenant filter does not reach raw SQL, so every statement names its organisation.
 */
export type Execute = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** One PostgreSQL array literal as a single parameter (the driver spreads a JavaScript array into a list). */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`).join(',')}}`;
}

export function executeWith(em: { execute(sql: string, params?: unknown[]): Promise<unknown> }): Execute {
  return (sql, params = []) => em.execute(sql, params as never) as Promise<Record<string, unknown>[]>;
}
