import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { deleteProductPreviewsWorkflow } from "../workflows/digital-previews"

/** A deleted product's previews stop being served, and their stored files are deleted. */
export default async function deleteProductPreviews({ event, container }: SubscriberArgs<{ id: string }>) {
  await deleteProductPreviewsWorkflow(container).run({ input: { product_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "product.deleted",
  context: { subscriberId: "digital-delivery-delete-product-previews" },
}
