import { z } from "@medusajs/framework/zod"

const STATUSES = ["active", "disabled", "expired", "exhausted", "revoked", "awaiting_payment", "suspicious"] as const

export const AdminGetDigitalOrdersParams = z
  .object({
    status: z
      .union([z.enum(STATUSES), z.array(z.enum(STATUSES))])
      .transform((s) => (Array.isArray(s) ? s : [s]))
      .optional(),
    q: z.string().max(200).optional(),
    customer_id: z.string().optional(),
    order_id: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(20),
    offset: z.coerce.number().int().min(0).default(0),
    /** The previous page's `next_cursor`: the page after it (instead of an offset). */
    cursor: z.string().max(1000).optional(),
  })
  .strict()
  .refine((query) => !(query.cursor && query.offset), {
    message: "pass either cursor (the next page) or offset, not both",
    path: ["cursor"],
  })
export type AdminGetDigitalOrdersParamsType = z.infer<typeof AdminGetDigitalOrdersParams>

export const AdminBatchDigitalOrders = z
  .object({
    order_ids: z.array(z.string().min(1)).min(1).max(500),
    action: z.enum(["enable", "disable", "revoke", "extend"]),
    days: z.number().int().positive().max(36_500).optional(),
  })
  .strict()
  .refine((b) => b.action !== "extend" || b.days !== undefined, {
    message: "days: required when action is extend",
    path: ["days"],
  })
export type AdminBatchDigitalOrdersType = z.infer<typeof AdminBatchDigitalOrders>
