import { z } from "@medusajs/framework/zod"

export const AdminRegenerateOrderLinks = z
  .object({
    /** Email the new links to the order's address. */
    resend: z.boolean().optional(),
  })
  .strict()

export type AdminRegenerateOrderLinksType = z.infer<typeof AdminRegenerateOrderLinks>
