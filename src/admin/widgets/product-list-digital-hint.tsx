// data-testids: dd-product-list-hint, dd-product-list-hint-dismiss
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { InformationCircleSolid, XMark } from "@medusajs/icons"
import { Container, IconButton, Text } from "@medusajs/ui"
import { useState } from "react"

const DISMISSED_KEY = "dd-product-list-hint-dismissed"

const dismissed = () => {
  try {
    return window.localStorage.getItem(DISMISSED_KEY) === "1"
  } catch {
    return false
  }
}

/**
 * Medusa has no widget zone inside the product creation form: the product list says, once, where a
 * product becomes a download (its page's "Digital delivery" card, "Add files"). Dismissed for this browser.
 */
const ProductListDigitalHint = () => {
  const [hidden, setHidden] = useState(dismissed)
  if (hidden) return null
  const dismiss = () => {
    try {
      window.localStorage.setItem(DISMISSED_KEY, "1")
    } catch {
      // private mode: hidden until the next visit
    }
    setHidden(true)
  }
  return (
    <Container className="flex items-center gap-x-3 px-6 py-3" data-testid="dd-product-list-hint">
      <InformationCircleSolid className="text-ui-fg-interactive shrink-0" />
      <Text size="small" className="text-ui-fg-subtle flex-1">
        Selling downloads? Create the product as usual, then open it: its <b className="text-ui-fg-base">Digital delivery</b> card has
        an <b className="text-ui-fg-base">Add files</b> button for each variant.
      </Text>
      <IconButton size="small" variant="transparent" aria-label="Dismiss this tip" onClick={dismiss} data-testid="dd-product-list-hint-dismiss">
        <XMark />
      </IconButton>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "product.list.before" })

export default ProductListDigitalHint
