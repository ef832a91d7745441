import { MedusaError, generateEntityId } from "@medusajs/framework/utils"
import type { Context } from "@medusajs/framework/types"
import { runSql } from "../utils/sql"

export type DigitalOrderInput = {
  order_id: string
  display_id?: number | null
  email?: string | null
  customer_id?: string | null
  payment_status?: string | null
  placed_at: Date
  delivered?: boolean
  canceled?: boolean
}

/** The digital_order statements that are not CRUD: the idempotent record, and the order page link's version. */
export class DigitalOrderSqlRepository {
  /** One row per order (delivered_at and canceled_at set once); `inserted` tells a first record. */
  async record(input: DigitalOrderInput, sharedContext: Context): Promise<{ id: string; inserted: boolean }> {
    const [row] = await runSql<{ id: string; inserted: boolean }>(
      sharedContext,
      `INSERT INTO digital_order
         (id, order_id, display_id, email, customer_id, payment_status, placed_at, delivered_at, canceled_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END, CASE WHEN ? THEN now() END, now(), now())
       ON CONFLICT (order_id) DO UPDATE SET
         display_id = COALESCE(EXCLUDED.display_id, digital_order.display_id),
         email = COALESCE(EXCLUDED.email, digital_order.email),
         customer_id = COALESCE(EXCLUDED.customer_id, digital_order.customer_id),
         payment_status = COALESCE(EXCLUDED.payment_status, digital_order.payment_status),
         delivered_at = COALESCE(digital_order.delivered_at, EXCLUDED.delivered_at),
         canceled_at = COALESCE(digital_order.canceled_at, EXCLUDED.canceled_at),
         updated_at = now()
       RETURNING id, (xmax = 0) AS inserted`,
      [
        generateEntityId(undefined, "dord"),
        input.order_id,
        input.display_id ?? null,
        input.email ? input.email.trim().toLowerCase() : null,
        input.customer_id ?? null,
        input.payment_status ?? null,
        input.placed_at,
        !!input.delivered,
        !!input.canceled,
      ]
    )
    return row
  }

  /** The order's current order page link version (1 until the merchant regenerates its links, or without a row). */
  async linkVersion(orderId: string, sharedContext: Context): Promise<number> {
    const [row] = await runSql<{ link_version: number }>(
      sharedContext,
      "SELECT link_version FROM digital_order WHERE order_id = ? AND deleted_at IS NULL",
      [orderId]
    )
    return row?.link_version ?? 1
  }

  /** Sets the link version (`by` added to it, or `to` exactly); NOT_FOUND for an order without digital deliveries. */
  async setLinkVersion(
    orderId: string,
    change: { by: number } | { to: number },
    sharedContext: Context
  ): Promise<{ previous: number; link_version: number }> {
    const [row] = await runSql<{ previous: number; link_version: number }>(
      sharedContext,
      `UPDATE digital_order o SET link_version = ${"by" in change ? "o.link_version + CAST(? AS integer)" : "CAST(? AS integer)"}, updated_at = now()
         FROM digital_order old
        WHERE o.id = old.id AND o.order_id = ? AND o.deleted_at IS NULL
        RETURNING old.link_version AS previous, o.link_version`,
      ["by" in change ? change.by : change.to, orderId]
    )
    if (!row) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${orderId} has no digital deliveries`)
    }
    return row
  }
}
