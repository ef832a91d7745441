import type DigitalDeliveryModuleService from "../../../modules/digital-delivery/service"
import type { DigitalOrderRow, GrantListRow } from "../../../modules/digital-delivery/types"
import { toAdminDigitalOrder, toAdminGrant } from "../admin-responses"

const service = { grantDownloadUrl: () => "https://shop.example/digital-downloads/t" } as unknown as DigitalDeliveryModuleService

describe("grant usage in Admin responses", () => {
  it("shows usage in copies to 2 decimals and bytes as a number, never the reservation", () => {
    // As PostgreSQL sends numeric columns: strings.
    const row = {
      id: "dgrant_1",
      asset_id: "dasset_1",
      max_downloads: 5,
      downloads_used: "1.104000",
      bytes_sent: "5210112",
      reserved: "0.500000",
      raw_reserved: { value: "0.5", precision: 20 },
      asset_title: "Book",
      asset_filename: "book.pdf",
      asset_kind: "file",
      asset_size: "4718592",
    } as unknown as GrantListRow
    const grant = toAdminGrant(service, row)
    expect(grant).toEqual(
      expect.objectContaining({
        downloads_used: 1.1,
        bytes_sent: 5_210_112,
        asset: { id: "dasset_1", title: "Book", filename: "book.pdf", kind: "file", size: 4_718_592 },
      })
    )
    expect(Object.keys(grant).filter((k) => /reserved|^raw_|download_count/.test(k))).toEqual([])
  })

  it("never shows a grant short of its limit as used up", () => {
    const row = { downloads_used: 4.999999, bytes_sent: 0, max_downloads: 5 } as unknown as GrantListRow
    expect(toAdminGrant(service, row).downloads_used).toBe(4.99)
  })

  it("shows an order's usage (the sum over its grants) the same way", () => {
    const row = { order_id: "order_1", downloads_used: "2.335000", max_downloads: 6 } as unknown as DigitalOrderRow
    expect(toAdminDigitalOrder(row)).toEqual({ order_id: "order_1", downloads_used: 2.33, max_downloads: 6 })
    // and its most used file's (the Digital deliveries list's Downloads column)
    const top = { ...row, top_downloads_used: "1.999", top_max_downloads: 2, live_count: 3 } as unknown as DigitalOrderRow
    expect(toAdminDigitalOrder(top)).toEqual(expect.objectContaining({ top_downloads_used: 1.99, top_max_downloads: 2, live_count: 3 }))
    expect(toAdminDigitalOrder({ ...row, top_downloads_used: null } as unknown as DigitalOrderRow).top_downloads_used).toBeNull()
  })
})
