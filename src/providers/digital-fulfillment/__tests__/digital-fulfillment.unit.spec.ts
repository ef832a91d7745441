import { DigitalFulfillmentProviderService } from "../service"
import provider, { DIGITAL_FULFILLMENT_PROVIDER_ID } from ".."

describe("the digital fulfillment provider", () => {
  const service = new DigitalFulfillmentProviderService()

  it("registers as `digital`, so a store's `id: \"digital\"` makes digital_digital", () => {
    expect(DigitalFulfillmentProviderService.identifier).toBe("digital")
    expect(DIGITAL_FULFILLMENT_PROVIDER_ID).toBe(`${DigitalFulfillmentProviderService.identifier}_digital`)
    expect((provider as any).services).toEqual([DigitalFulfillmentProviderService])
  })

  it("records a fulfillment without labels or a carrier, and cancels one without a call out", async () => {
    await expect(service.createFulfillment()).resolves.toEqual({ data: { delivered_by: "digital-delivery" }, labels: [] })
    await expect(service.cancelFulfillment()).resolves.toEqual({})
  })

  it("offers a Download option at a flat price only, and refuses returns", async () => {
    await expect(service.getFulfillmentOptions()).resolves.toEqual([{ id: "digital-download", name: "Download" }])
    await expect(service.canCalculate()).resolves.toBe(false)
    await expect(service.calculatePrice()).rejects.toThrow(/flat price/)
    await expect(service.createReturnFulfillment()).rejects.toThrow(/refund/)
  })
})
