import { z } from "@medusajs/framework/zod"

export const AdminGetGrantHistoryParams = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** The previous page's `next_cursor`: the older entries after it. */
    cursor: z.string().max(1000).optional(),
  })
  .strict()
export type AdminGetGrantHistoryParamsType = z.infer<typeof AdminGetGrantHistoryParams>
