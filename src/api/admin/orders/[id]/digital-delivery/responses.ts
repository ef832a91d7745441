import { z } from "@medusajs/framework/zod"
import { AdminDigitalOrder } from "../../../digital-delivery/responses"
import { AdminDownloadGrant } from "../../../download-grants/responses"
import { AdminEmailResult, isoDate } from "../../../responses"

/** What an order's digital-delivery routes answer: its grants and delivery emails, and what an action did. */

const OrderDeliveryFields = {
  digital_order: AdminDigitalOrder.nullable().describe("null when the order holds no digital goods"),
  download_grants: z.array(AdminDownloadGrant).describe("in the order a buyer reads the files"),
  emails: z
    .array(
      z.object({
        id: z.string(),
        to: z.string(),
        status: z.enum(["pending", "success", "failure"]),
        trigger_type: z.string().nullable(),
        created_at: isoDate,
      })
    )
    .describe("the delivery emails sent, newest first"),
  order_page_url: z.string().nullable().describe("the guest order page (every file and the ZIP), to copy; null without grants"),
}

export const AdminOrderDelivery = z.object(OrderDeliveryFields)

export const AdminOrderDelivered = z.object({
  delivery: z.object({
    order_id: z.string(),
    payment_status: z.string(),
    skipped: z.enum(["canceled", "not_paid", "manual_trigger", "no_digital_items"]).nullable().describe("why nothing was delivered; null: delivered"),
    created_grants: z.array(z.string()).describe("ids of the grants issued now (none when all were issued before)"),
    license_keys: z.array(z.string()).describe("ids of the license keys issued now (pending ones included)"),
    email: AdminEmailResult,
    fulfillment: z.object({
      fulfillment_id: z.string().nullable(),
      skipped: z.string().nullable(),
      error: z.string().optional(),
    }),
  }),
  ...OrderDeliveryFields,
})

export const AdminOrderEmailResent = z.object({ email: AdminEmailResult })

export const AdminOrderLinksRegenerated = z.object({
  regenerated: z.object({
    link_version: z.number().int(),
    regenerated_grant_ids: z.array(z.string()),
    email: AdminEmailResult.nullable().describe("null unless resend was asked"),
  }),
  ...OrderDeliveryFields,
})
