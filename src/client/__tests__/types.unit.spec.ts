import type { z } from "@medusajs/framework/zod"
import type * as Api from "../../api/store/digital-downloads/responses"
import type * as Client from "../types"
import { failureOf } from ".."

/**
 * The client's hand-written types are the routes' zod schemas (which openapi.json
 * is generated from), checked by the compiler: `npm run typecheck` fails when
 * one side gains, loses or changes a field the other does not.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const agree: [
  Same<Client.OrderDownloads, z.infer<typeof Api.StoreOrderDownloads>>,
  Same<Client.OrderFile, z.infer<typeof Api.StoreOrderFile>>,
  Same<Client.LicenseKey, z.infer<typeof Api.StoreLicenseKey>>,
  Same<Client.ProductDigitalFacts, z.infer<typeof Api.StoreProductDigitalFacts>>,
  Same<Client.DigitalDownloadList, z.infer<typeof Api.StoreDigitalDownloadList>>,
  Same<Client.DownloadLink, z.infer<typeof Api.StoreDownloadLink>>,
  Same<Client.ResendAccepted, z.infer<typeof Api.StoreResendAccepted>>,
  Same<Client.Preview, z.infer<typeof Api.StorePreview>>,
] = [true, true, true, true, true, true, true, true]

describe("the typed client", () => {
  it("has the routes' answer types (checked at compile time)", () => {
    expect(agree.every(Boolean)).toBe(true)
  })

  it("turns the SDK's FetchError into a reason a page can switch on", () => {
    const err = (status: number, message: string) => Object.assign(new Error(message), { status })
    expect(failureOf(err(404, "Order with id: x was not found"))).toEqual({ ok: false, reason: "not_found", status: 404, message: "Order with id: x was not found" })
    expect(failureOf(err(400, "This download is exhausted: no link can be issued")).reason).toBe("limit_reached")
    expect(failureOf(err(400, "This download is expired: no link can be issued")).reason).toBe("expired")
    expect(failureOf(err(400, "Invalid request: order_id: order_id must be an id")).reason).toBe("invalid_request")
    expect(failureOf(err(401, "Unauthorized")).reason).toBe("unauthorized")
    expect(failureOf(err(429, "Too many requests")).reason).toBe("rate_limited")
    expect(failureOf(new TypeError("fetch failed"))).toEqual({ ok: false, reason: "unknown", status: null, message: "fetch failed" })
  })
})
