import { contentDisposition } from "../content-disposition"
import { sanitizeFilename } from "../../utils/filename"

describe("Content-Disposition", () => {
  it("sends plain ASCII names as they are", () => {
    expect(contentDisposition("book.pdf")).toBe('attachment; filename="book.pdf"')
  })

  it("adds an RFC 8187 filename* for non-ASCII names, with an ASCII fallback", () => {
    expect(contentDisposition("Żółć – résumé.pdf")).toBe(
      `attachment; filename="Zo_c _ resume.pdf"; filename*=UTF-8''%C5%BB%C3%B3%C5%82%C4%87%20%E2%80%93%20r%C3%A9sum%C3%A9.pdf`
    )
  })

  it("never lets quotes, CR/LF or separators break the header", () => {
    const header = contentDisposition('evil"\r\nSet-Cookie: a=b; x=".pdf')
    expect(header).not.toMatch(/[\r\n]/)
    expect(header.match(/"/g)).toHaveLength(2)
    const decoded = decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(header)?.[1] ?? "")
    expect(decoded === "" || !/[\r\n]/.test(decoded)).toBe(true)
  })

  it("strips paths and parent directories", () => {
    expect(contentDisposition("../../etc/passwd")).toBe('attachment; filename="_._etc_passwd"')
    expect(contentDisposition("C:\\Windows\\evil.exe")).toBe('attachment; filename="C:_Windows_evil.exe"')
  })
})

describe("sanitizeFilename", () => {
  it("removes control characters, NUL and bidi overrides", () => {
    expect(sanitizeFilename("a\u0000b\u0007c\u202e.pdf")).toBe("abc.pdf")
  })

  it("never returns an empty or dot name", () => {
    expect(sanitizeFilename("")).toBe("download")
    expect(sanitizeFilename("...")).toBe("download")
    expect(sanitizeFilename(" .hidden")).toBe("hidden")
  })

  it("keeps long names under 200 bytes with their extension", () => {
    const name = sanitizeFilename("ł".repeat(300) + ".epub")
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200)
    expect(name.endsWith(".epub")).toBe(true)
  })
})
