import { emailSearchSql, isWholeEmail, likeContaining } from "../utils/admin-list"

describe("admin list search (utils/admin-list)", () => {
  it("looks up whole addresses exactly, anything else as a fragment", () => {
    expect(isWholeEmail("buyer4242@example.com")).toBe(true)
    expect(isWholeEmail("a.b+c@mail.example.co.uk")).toBe(true)
    for (const fragment of ["guest@ex", "guest@example.", "@example.com", "example.com", "buyer4242", "a b@example.com", "x@y@z.com"]) {
      expect([fragment, isWholeEmail(fragment)]).toEqual([fragment, false])
    }
  })

  it("takes %, _ and backslashes literally", () => {
    expect(likeContaining("50%_off\\")).toBe("%50\\%\\_off\\\\%")
  })

  it("lets the trigram index answer only fragments with 3 letters or digits in a row", () => {
    expect(emailSearchSql("o.email", "guest@ex")).toEqual({ sql: "o.email ILIKE ?", bindings: ["%guest@ex%"] })
    expect(emailSearchSql("o.email", "example.com").sql).toBe("o.email ILIKE ?")
    expect(emailSearchSql("o.email", "jürg").sql).toBe("o.email ILIKE ?")
    for (const fragment of ["b4", "r@ex", "a.b-c"]) {
      expect(emailSearchSql("g.email", fragment)).toEqual({ sql: "coalesce(g.email, '') ILIKE ?", bindings: [likeContaining(fragment)] })
    }
  })
})
