import type {
  CalculatedShippingOptionPrice,
  CreateFulfillmentResult,
  FulfillmentOption,
} from "@medusajs/framework/types"
import { AbstractFulfillmentProviderService, MedusaError } from "@medusajs/framework/utils"

/**
 * The fulfillment provider of digital goods: nothing leaves a warehouse, so
 * creating a fulfillment only records it (the plugin's `deliver-order`
 * workflow creates one per delivered order and marks it delivered at once).
 * Registered by the store in the Fulfillment Module:
 *
 *   {
 *     resolve: "@medusajs/medusa/fulfillment",
 *     options: {
 *       providers: [
 *         { resolve: "@medusajs/medusa/fulfillment-manual", id: "manual" },
 *         { resolve: "medusa-plugin-digital-delivery/providers/digital-fulfillment", id: "digital" },
 *       ],
 *     },
 *   }
 *
 * which makes its id `digital_digital`. Digital-only carts need no shipping
 * option on it (they complete without a shipping method); a store that still
 * wants one (a "Download" option at price 0) may create it with this provider.
 */
export class DigitalFulfillmentProviderService extends AbstractFulfillmentProviderService {
  static identifier = "digital"

  async getFulfillmentOptions(): Promise<FulfillmentOption[]> {
    return [{ id: "digital-download", name: "Download" }]
  }

  async validateFulfillmentData(_optionData: Record<string, unknown>, data: Record<string, unknown>): Promise<Record<string, unknown>> {
    return data
  }

  async validateOption(): Promise<boolean> {
    return true
  }

  async canCalculate(): Promise<boolean> {
    return false
  }

  async calculatePrice(): Promise<CalculatedShippingOptionPrice> {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Digital delivery has a flat price: give the shipping option a price")
  }

  async createFulfillment(): Promise<CreateFulfillmentResult> {
    // No label, no carrier: the files are delivered by the plugin's links.
    return { data: { delivered_by: "digital-delivery" }, labels: [] }
  }

  async cancelFulfillment(): Promise<Record<string, unknown>> {
    return {}
  }

  async createReturnFulfillment(): Promise<CreateFulfillmentResult> {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Digital goods are not returned: refund the order instead (its downloads are revoked)")
  }
}
