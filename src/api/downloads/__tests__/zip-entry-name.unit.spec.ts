import { ZipFile } from "yazl"
import { zipEntryName } from "../zip-entry-name"

/** What yazl refuses (its validateMetadataPath) and what Windows cannot extract. */
function zipProblems(name: string): string[] {
  const problems: string[] = []
  if (!name) problems.push("empty")
  if (/[\\/]/.test(name)) problems.push("separator")
  if (/^[a-zA-Z]:/.test(name)) problems.push("drive letter")
  if (name.split(/[\\/]/).includes("..")) problems.push("..")
  // eslint-disable-next-line no-control-regex
  if (/[<>:"|?*\u0000-\u001f]/.test(name)) problems.push("windows character")
  if (/[. ]$/.test(name)) problems.push("trailing dot or space")
  if (/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i.test(name.split(".")[0].trimEnd())) problems.push("reserved")
  try {
    new ZipFile().addBuffer(Buffer.from("x"), name)
  } catch (err) {
    problems.push(`yazl: ${(err as Error).message}`)
  }
  return problems
}

describe("zipEntryName", () => {
  it("keeps ordinary names as they are", () => {
    for (const name of ["book.pdf", "Żółta książka.pdf", "notes (2).txt", "archive.tar.gz", "CONTRACT.pdf", "console.log", "nullable.txt"]) {
      expect(zipEntryName(name)).toBe(name)
    }
  })

  it("turns a drive letter into a plain name (yazl refuses it as an absolute path)", () => {
    expect(zipEntryName("C:book.pdf")).toBe("C_book.pdf")
    expect(zipEntryName("C:\\Windows\\evil.exe")).toBe("C__Windows_evil.exe")
    expect(zipEntryName("c:/x.pdf")).toBe("c__x.pdf")
  })

  it("never leaves an absolute path, a separator or a .. segment", () => {
    expect(zipEntryName("/etc/passwd")).toBe("_etc_passwd")
    expect(zipEntryName("..\\evil.txt")).toBe("_evil.txt")
    expect(zipEntryName("../../evil.txt")).toBe("_._evil.txt")
    expect(zipEntryName("..")).toBe("download")
    expect(zipEntryName(".")).toBe("download")
    expect(zipEntryName("a/../b")).not.toMatch(/[\\/]/)
  })

  it("renames Windows device names, with or without an extension", () => {
    expect(zipEntryName("CON")).toBe("CON_")
    expect(zipEntryName("nul.txt")).toBe("nul_.txt")
    expect(zipEntryName("NUL.tar.gz")).toBe("NUL_.tar.gz")
    expect(zipEntryName("com1.pdf")).toBe("com1_.pdf")
    expect(zipEntryName("LPT9")).toBe("LPT9_")
    expect(zipEntryName("aux .txt")).toBe("aux _.txt")
  })

  it("replaces characters Windows cannot store and drops trailing dots and spaces", () => {
    expect(zipEntryName('a<b>c:d"e|f?g*h.pdf')).toBe("a_b_c_d_e_f_g_h.pdf")
    expect(zipEntryName("report. . ")).toBe("report")
    expect(zipEntryName("  spaced.pdf  ")).toBe("spaced.pdf")
  })

  it("never returns an empty name", () => {
    expect(zipEntryName("")).toBe("download")
    expect(zipEntryName("   ")).toBe("download")
    expect(zipEntryName(null)).toBe("download")
    expect(zipEntryName("...", "file")).toBe("file")
  })

  it("gives yazl a name it accepts for anything, however hostile", () => {
    const hostile = [
      "C:book.pdf",
      "Z:",
      "\\\\server\\share\\x.pdf",
      "//x",
      "..\\..\\..",
      "../",
      "./.././x",
      "CON",
      "con.",
      "NUL.txt",
      "COM¹.txt",
      "evil\r\nname.pdf",
      "x\u0000y.pdf",
      "a".repeat(300) + ".pdf",
      "😀".repeat(80),
      " . ",
      "trailing.",
      "\u202egpj.exe",
    ]
    for (const name of hostile) {
      const safe = zipEntryName(name)
      expect([name, safe, zipProblems(safe)]).toEqual([name, safe, []])
      expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(200)
      // Idempotent: a safe name stays as it is.
      expect(zipEntryName(safe)).toBe(safe)
    }
  })
})
