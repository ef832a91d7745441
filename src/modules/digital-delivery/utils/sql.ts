import type { Context } from "@medusajs/framework/types"
import type { Knex, SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"

/**
 * Runs one parameterized statement (bindings go to PostgreSQL as $n
 * parameters, never into the SQL text), inside the caller's transaction if any.
 */
export async function runSql<T = Record<string, unknown>>(sharedContext: Context, text: string, bindings: unknown[]): Promise<T[]> {
  const manager = (sharedContext.transactionManager ?? sharedContext.manager) as SqlEntityManager
  const query = manager.getKnex().raw(text, bindings as Knex.RawBinding[])
  const trx = manager.getTransactionContext()
  if (trx) {
    query.transacting(trx)
  }
  const result = (await query) as { rows: T[] }
  return result.rows
}

/** The knex of the caller's entity manager (set by @InjectManager). */
export function knexOf(sharedContext: Context): Knex {
  return (sharedContext.manager as SqlEntityManager).getKnex()
}

/**
 * Exact decimal text of a value, for a numeric column's raw_* twin (Medusa's
 * getter reads the twin when the column is 0). `reserved` changes on every
 * request and its twin is never written: it stays at its default 0, which is
 * right whenever the column is 0, the only time the getter reads it.
 */
export const rawNumericSql = (expr: string) => `jsonb_build_object('value', (${expr})::text, 'precision', 20)`

/** Copies for `bytes` of a file of `size`: rounded up to 10⁻⁶, so usage never under-counts. */
export const copiesSql = (bytes: string, size: string) => `round(ceil((${bytes})::numeric * 1000000 / (${size})) / 1000000, 6)`
