import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { DIGITAL_DELIVERY_MODULE } from "../../../modules/digital-delivery"

// yazl refusing an entry for any reason the name function does not foresee.
jest.mock("yazl", () => {
  const actual = jest.requireActual("yazl")
  class RefusingZipFile extends actual.ZipFile {
    addReadStreamLazy() {
      throw new Error("absolute path: something yazl refuses")
    }
  }
  return { ...actual, ZipFile: RefusingZipFile }
})

// Imported after the mock.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GET } = require("../../digital-downloads/orders/[token]/zip/route") as typeof import("../../digital-downloads/orders/[token]/zip/route")

describe("order ZIP: yazl throws after the files were reserved", () => {
  it("gives every reservation back, records the attempt and answers 503, never a 500", async () => {
    const grants = ["dgrant_1", "dgrant_2"].map((id) => ({ id, token_version: 1, asset_kind: "file" }))
    const service = {
      verifyOrderToken: () => ({ id: "order_1", version: 1 }),
      orderPageUrl: () => "http://localhost/digital-downloads/orders/t",
      listGrants: jest.fn(async () => [grants, grants.length]),
      admitDownload: jest.fn(async ({ grant_id }: { grant_id: string }) => ({
        reservation: "1.000000",
        grant: { id: grant_id },
        asset: { id: `asset_${grant_id}`, file_id: `file_${grant_id}`, size: 10, filename: `${grant_id}.pdf` },
      })),
      recordDownload: jest.fn(async () => undefined),
    }
    const files = { getDownloadStream: jest.fn() }
    const logger = { error: jest.fn() }
    const scope: Record<string, unknown> = {
      [DIGITAL_DELIVERY_MODULE]: service,
      [Modules.FILE]: files,
      [ContainerRegistrationKeys.LOGGER]: logger,
    }
    const req = {
      method: "GET",
      params: { token: "t" },
      headers: { accept: "application/json" },
      ip: "127.0.0.1",
      scope: { resolve: (key: string) => scope[key] },
    } as unknown as MedusaRequest
    const headers: Record<string, string> = {}
    let status = 0
    let body: unknown
    const res = {
      status(code: number) {
        status = code
        return this
      },
      setHeader(name: string, value: string) {
        headers[name.toLowerCase()] = value
      },
      json(value: unknown) {
        body = value
      },
      on: jest.fn(),
    } as unknown as MedusaResponse

    await GET(req, res)

    expect(service.admitDownload).toHaveBeenCalledTimes(2)
    // Each entry is settled with nothing sent: its whole reservation comes back.
    expect(service.recordDownload.mock.calls.map((c: unknown[]) => c[1])).toEqual([
      { grant_id: "dgrant_1", reserved: "1.000000", bytes: 0, size: 10, whole: false },
      { grant_id: "dgrant_2", reserved: "1.000000", bytes: 0, size: 10, whole: false },
    ])
    expect(status).toBe(503)
    expect(body).toEqual(expect.objectContaining({ code: "storage_unavailable" }))
    expect(headers["retry-after"]).toBe("60")
    expect(files.getDownloadStream).not.toHaveBeenCalled()
    expect(service.recordDownload.mock.calls.map((c: unknown[]) => c[0])).toEqual([
      expect.objectContaining({ grant_id: "dgrant_1", outcome: "storage_error", counted: false, bytes_sent: 0 }),
      expect.objectContaining({ grant_id: "dgrant_2", outcome: "storage_error", counted: false, bytes_sent: 0 }),
    ])
    expect(logger.error).toHaveBeenCalledWith(expect.stringMatching(/could not be built: absolute path/))
  })
})
