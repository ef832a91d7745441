// data-testids: dd-toggle-shipping, dd-shipping-blocked
import type { AdminProductVariant } from "@medusajs/framework/types"
import { Alert, Label, Switch, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { useProductDigital, useVariantShipping } from "../../hooks/api"
import { formatCount } from "../../lib/format"
import { errorMessage } from "../../lib/sdk"
import type { ShippingResult } from "../../lib/types"

/** Whether the variant requires shipping; names the variants that keep the product's shipping profile. */
export const ShippingSection = ({
  variant,
  requiresShipping,
  profile,
}: {
  variant: AdminProductVariant
  requiresShipping: boolean
  profile: { id: string; name: string } | null
}) => {
  const shipping = useVariantShipping(variant.id)
  const [result, setResult] = useState<ShippingResult | null>(null)
  // Names the blocking variants (the same small query as the product widget).
  const product = useProductDigital(variant.product_id ?? "")
  const variantTitle = (id: string) => product.data?.product.variants?.find((v) => v.id === id)?.title || id

  const toggle = (checked: boolean) => {
    setResult(null)
    shipping.mutate(checked, {
      onSuccess: (res) => {
        setResult(res)
        if (!checked && res.blocking_variant_ids.length) {
          toast.warning("The shipping profile stays on the product", {
            description: `${formatCount("otherVariantsRequireShipping", res.blocking_variant_ids.length)}.`,
          })
        } else {
          toast.success(checked ? "This variant requires shipping" : "No shipping needed for this variant")
        }
      },
      onError: (err) => toast.error("Could not change shipping", { description: errorMessage(err) }),
    })
  }

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4">
      <div className="flex items-start justify-between gap-x-4">
        <div className="flex flex-col">
          <Label htmlFor="dd-requires-shipping" size="small" weight="plus">
            Requires shipping
          </Label>
          <Text size="small" className="text-ui-fg-subtle">
            {requiresShipping
              ? profile
                ? `Checkout asks for a shipping method (shipping profile "${profile.name}").`
                : "Checkout asks for a shipping method (the inventory requires shipping)."
              : "Download only: checkout needs no shipping method."}
          </Text>
        </div>
        <Switch
          id="dd-requires-shipping"
          data-testid="dd-toggle-shipping"
          checked={requiresShipping}
          disabled={shipping.isPending}
          onCheckedChange={toggle}
        />
      </div>
      {result && !result.requires_shipping && result.blocking_variant_ids.length > 0 && (
        <Alert variant="warning" dismissible data-testid="dd-shipping-blocked">
          <Text size="small">
            The product keeps its shipping profile because these variants still require shipping:{" "}
            {result.blocking_variant_ids.map((id, i) => (
              <span key={id}>
                {i > 0 && ", "}
                <Link to={`/products/${variant.product_id}/variants/${id}`} className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover transition-fg">
                  {variantTitle(id)}
                </Link>
              </span>
            ))}
            . Sell the physical edition as its own product to make this one shipping-free.
          </Text>
        </Alert>
      )}
    </div>
  )
}
