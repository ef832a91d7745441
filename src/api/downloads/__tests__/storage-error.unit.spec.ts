import fs from "fs"
import os from "os"
import path from "path"
import { storageErrorForLog } from "../storage-error"

describe("storageErrorForLog", () => {
  it("keeps what failed but no storage path, key or URL", async () => {
    const missing = path.join(os.tmpdir(), "private-1796055368502-dd-d72191b836598c43bec91d26e72b72d1.pdf")
    const err = await fs.promises.stat(missing).catch((e: Error) => e)
    const logged = storageErrorForLog(err as Error)
    expect(logged).toMatch(/^ENOENT: no such file or directory, stat/)
    expect(logged).not.toContain("d72191b836598c43bec91d26e72b72d1")
    expect(logged).not.toContain(os.tmpdir())
  })

  it("hides absolute paths, quoted names and URLs anywhere in the message", () => {
    const err = new Error(
      `read failed at /var/lib/store/private/key-1.pdf (see "C:\\files\\key 2.pdf") via https://bucket.s3.example.com/key-3?X-Amz-Signature=abc`
    )
    const logged = storageErrorForLog(err)
    for (const secret of ["key-1", "key 2", "key-3", "X-Amz-Signature", "/var/lib"]) expect(logged).not.toContain(secret)
    expect(logged).toMatch(/^read failed at/)
  })

  it("leaves a message without locations as it is", () => {
    expect(storageErrorForLog(new Error("the stored file ended after 2400000 of 4000000 bytes"))).toBe(
      "the stored file ended after 2400000 of 4000000 bytes"
    )
  })
})
