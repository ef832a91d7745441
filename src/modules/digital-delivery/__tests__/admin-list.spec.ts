import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { DIGITAL_DELIVERY_MODULE } from ".."
import { EXACT_COUNT_LIMIT } from "../utils/admin-list"
import { Migration20261130123000 as TrigramMigration } from "../migrations/Migration20261130123000"
import { Migration20261130183000 as NaturalOrderMigration } from "../migrations/Migration20261130183000"
import type DigitalDeliveryModuleService from "../service"

jest.setTimeout(60000)

/**
 * The admin lists at scale (utils/admin-list): keyset pages give every row
 * exactly once, in the order a sort of the whole set gives, however many rows
 * share a sort value (to the microsecond, which a JavaScript Date cannot hold);
 * the total is exact up to EXACT_COUNT_LIMIT and an estimate, flagged, above.
 */
moduleIntegrationTestRunner<DigitalDeliveryModuleService>({
  moduleName: DIGITAL_DELIVERY_MODULE,
  resolve: "./src/modules/digital-delivery",
  moduleOptions: { secret: "s".repeat(40) },
  testSuite: ({ service, MikroOrmWrapper }) => {
    const knex = () => MikroOrmWrapper.getManager().getKnex()

    /** 23 grants of order_page: created_at in 4 values (3 of them 1 µs apart, within one millisecond), expiry null for some, emails shared. */
    async function pagedGrants() {
      const asset = await service.createFileAsset({ file_id: "f", filename: "a.pdf", mime_type: "application/pdf", size: 10, sha256: null })
      const grants = await service.issueGrants(
        Array.from({ length: 23 }, (_, i) => ({ order_id: "order_page", line_item_id: `li_${i}`, asset_id: asset.id, max_downloads: 3 }))
      )
      for (const [i, g] of grants.entries()) {
        await knex().raw(
          `UPDATE download_grant SET created_at = CAST(? AS timestamptz), email = ?, enabled = ?,
             expires_at = CASE WHEN ? THEN NULL ELSE CAST(? AS timestamptz) END WHERE id = ?`,
          [
            ["2026-01-01 10:00:00.123456+00", "2026-01-01 10:00:00.123457+00", "2026-01-01 10:00:00.123458+00", "2025-12-31 09:00:00+00"][i % 4],
            `buyer${i % 3}@example.com`,
            i % 5 !== 0,
            i % 3 === 0,
            ["2030-01-01 00:00:00+00", "2031-01-01 00:00:00+00"][i % 2],
            g.id,
          ]
        )
      }
      return grants
    }

    /** Every page of the grant list, read by cursor. */
    async function allPages(filters: Parameters<DigitalDeliveryModuleService["listGrants"]>[0], order: string | undefined, limit: number) {
      const ids: string[] = []
      const counts: number[] = []
      let cursor: string | undefined
      for (let pages = 0; pages < 100; pages++) {
        const [rows, count, info] = await service.listGrants(filters, { limit, cursor, order })
        ids.push(...rows.map((r) => r.id))
        counts.push(count)
        expect(info.count_exact).toBe(true)
        expect(rows.every((r) => !("cursor_value" in r))).toBe(true)
        if (!info.next_cursor) return { ids, counts }
        expect(rows).toHaveLength(limit)
        cursor = info.next_cursor
      }
      throw new Error("the pages never end")
    }

    /** The same list sorted whole by PostgreSQL. */
    async function sortedIds(orderBy: string, where = "TRUE") {
      const { rows } = await knex().raw(`SELECT g.id FROM download_grant g WHERE g.order_id = 'order_page' AND ${where} ORDER BY ${orderBy}`)
      return rows.map((r: { id: string }) => r.id)
    }

    it("pages by cursor give every grant once, in order, with ties on created_at to the microsecond", async () => {
      await pagedGrants()
      for (const limit of [1, 4, 5, 23, 50]) {
        const { ids, counts } = await allPages({ order_id: "order_page" }, undefined, limit)
        expect(ids).toEqual(await sortedIds("g.created_at DESC, g.id DESC"))
        expect(new Set(counts)).toEqual(new Set([23]))
      }
      const { ids } = await allPages({ order_id: "order_page" }, "created_at", 4)
      expect(ids).toEqual(await sortedIds("g.created_at ASC, g.id ASC"))
    })

    it("pages by cursor on nullable sort columns (nulls last) and with a status filter", async () => {
      await pagedGrants()
      for (const [order, orderBy] of [
        ["expires_at", "g.expires_at ASC NULLS LAST, g.id ASC"],
        ["-expires_at", "g.expires_at DESC NULLS LAST, g.id DESC"],
        ["-email", "g.email DESC NULLS LAST, g.id DESC"],
        ["downloads_used", "g.downloads_used ASC, g.id ASC"],
      ]) {
        const { ids } = await allPages({ order_id: "order_page" }, order, 3)
        expect({ order, ids }).toEqual({ order, ids: await sortedIds(orderBy) })
      }
      const disabled = await allPages({ order_id: "order_page", status: ["disabled"] }, undefined, 2)
      expect(disabled.ids).toEqual(await sortedIds("g.created_at DESC, g.id DESC", "NOT g.enabled"))
      expect(disabled.ids).toHaveLength(5)
      expect(new Set(disabled.counts)).toEqual(new Set([5]))
    })

    it("offset still pages; a cursor of another order or list is refused", async () => {
      await pagedGrants()
      const [page2] = await service.listGrants({ order_id: "order_page" }, { limit: 5, offset: 5 })
      expect(page2.map((r) => r.id)).toEqual((await sortedIds("g.created_at DESC, g.id DESC")).slice(5, 10))
      const [, , { next_cursor }] = await service.listGrants({ order_id: "order_page" }, { limit: 5 })
      await expect(service.listGrants({}, { limit: 5, cursor: next_cursor!, order: "expires_at" })).rejects.toThrow(/cursor/)
      await expect(service.listDigitalOrdersForAdmin({}, { limit: 5, cursor: next_cursor! })).rejects.toThrow(/cursor/)
      await expect(service.listGrants({}, { limit: 5, cursor: "not a cursor" })).rejects.toThrow(/cursor/)
    })

    it("counts exactly up to EXACT_COUNT_LIMIT, then reports an estimate of at least the limit + 1, flagged", async () => {
      const asset = await service.createFileAsset({ file_id: "f", filename: "a.pdf", mime_type: "application/pdf", size: 10, sha256: null })
      await knex().raw(
        `INSERT INTO download_grant (id, order_id, line_item_id, asset_id, email, enabled, max_downloads, created_at)
         SELECT 'dgrant_c' || n, 'order_c' || (n % 10), 'li_c' || n, ?, 'c' || n || '@example.com', n % 100 <> 0, 3, now() - n * interval '1 second'
           FROM generate_series(1, ?::int) AS n`,
        [asset.id, EXACT_COUNT_LIMIT + 200]
      )
      await knex().raw("ANALYZE download_grant")
      const [rows, count, info] = await service.listGrants({}, { limit: 20 })
      expect(rows).toHaveLength(20)
      expect(info.count_exact).toBe(false)
      expect(count).toBeGreaterThan(EXACT_COUNT_LIMIT)
      // PostgreSQL's estimate after ANALYZE: close to the truth.
      expect(Math.abs(count - (EXACT_COUNT_LIMIT + 200))).toBeLessThan(100)
      // A filter that keeps few rows is counted exactly, on every page.
      const [page1, disabledCount, first] = await service.listGrants({ status: ["disabled"] }, { limit: 5 })
      expect([disabledCount, first.count_exact]).toEqual([12, true])
      const [, againCount, second] = await service.listGrants({ status: ["disabled"] }, { limit: 5, cursor: first.next_cursor! })
      expect([againCount, second.count_exact]).toEqual([12, true])
      expect(page1).toHaveLength(5)
      // A first page that holds everything is its own count.
      const [one, oneCount, oneInfo] = await service.listGrants({ q: "c7@example.com" }, { limit: 20 })
      expect([one.length, oneCount, oneInfo.count_exact, oneInfo.next_cursor]).toEqual([1, 1, true, null])
    })

    it("pages the deliveries list by cursor (ties on placed_at) and keeps its filters", async () => {
      const asset = await service.createFileAsset({ file_id: "f", filename: "a.pdf", mime_type: "application/pdf", size: 10, sha256: null })
      const placed = [new Date("2026-01-02T00:00:00Z"), new Date("2026-01-01T00:00:00Z")]
      for (let i = 0; i < 13; i++) {
        await service.recordDigitalOrder({
          order_id: `order_d${String(i).padStart(2, "0")}`,
          display_id: 1000 + i,
          email: `d${i}@example.com`,
          placed_at: placed[i % 2],
          delivered: i % 4 !== 0,
        })
      }
      await service.issueGrants(
        Array.from({ length: 13 }, (_, i) => ({ order_id: `order_d${String(i).padStart(2, "0")}`, line_item_id: `li_d${i}`, asset_id: asset.id, max_downloads: 3 }))
      )
      await knex().raw(`UPDATE download_grant SET enabled = false WHERE order_id IN ('order_d01', 'order_d02', 'order_d07')`)
      await knex().raw(`UPDATE download_grant SET ip_changes = 6 WHERE order_id = 'order_d05'`)
      await knex().raw(`UPDATE download_grant SET suspicious_at = now() WHERE order_id = 'order_d08'`)
      await knex().raw(`UPDATE download_grant SET suspicious_at = now() - interval '30 days' WHERE order_id = 'order_d09'`)

      const pages = async (filters: Parameters<DigitalDeliveryModuleService["listDigitalOrdersForAdmin"]>[0], limit: number) => {
        const ids: string[] = []
        let cursor: string | undefined
        for (;;) {
          const [rows, count, info] = await service.listDigitalOrdersForAdmin(filters, { limit, cursor })
          ids.push(...rows.map((r) => r.order_id))
          if (!info.next_cursor) return { ids, count }
          cursor = info.next_cursor
        }
      }
      const { rows } = await knex().raw(`SELECT order_id FROM digital_order ORDER BY placed_at DESC, order_id DESC`)
      const everyOrder = rows.map((r: { order_id: string }) => r.order_id)
      for (const limit of [1, 3, 13]) expect(await pages({}, limit)).toEqual({ ids: everyOrder, count: 13 })
      expect(await pages({ status: ["disabled"] }, 2)).toEqual({ ids: everyOrder.filter((id: string) => ["order_d01", "order_d02", "order_d07"].includes(id)), count: 3 })
      expect(await pages({ status: ["suspicious"] }, 1)).toEqual({ ids: ["order_d08", "order_d05"], count: 2 })
      expect(await pages({ status: ["awaiting_payment"] }, 2)).toEqual({
        ids: everyOrder.filter((id: string) => Number(id.slice(-2)) % 4 === 0),
        count: 4,
      })
      const [[row]] = await service.listDigitalOrdersForAdmin({ q: "#1005" }, { limit: 20 })
      expect(row).toEqual(expect.objectContaining({ order_id: "order_d05", suspicious: true, grant_count: 1 }))
      expect(row).not.toHaveProperty("cursor_value")
    })

    /** The statements of the trigram migration's up() or down(), run on the test database. */
    async function runTrigramMigration(direction: "up" | "down") {
      const statements: string[] = []
      const migration = Object.create(TrigramMigration.prototype) as InstanceType<typeof TrigramMigration>
      Object.assign(migration, { addSql: (sql: string) => statements.push(sql) })
      await migration[direction]()
      for (const sql of statements) await knex().raw(sql)
    }

    it("finds orders and grants by part of an email (a fragment with @, a domain), with and without the trigram indexes", async () => {
      const asset = await service.createFileAsset({ file_id: "f", filename: "Handbook.pdf", mime_type: "application/pdf", size: 10, sha256: null })
      const people = ["guest@example.com", "Guest.Two@Example.com", "other@shop.test", "50%_off@example.org"]
      for (const [i, email] of people.entries()) {
        await service.recordDigitalOrder({ order_id: `order_s${i}`, display_id: 2000 + i, email, placed_at: new Date(Date.UTC(2026, 0, 1 + i)) })
      }
      await service.issueGrants(people.map((email, i) => ({ order_id: `order_s${i}`, line_item_id: `li_s${i}`, asset_id: asset.id, email, max_downloads: 3 })))
      const orders = async (q: string) => (await service.listDigitalOrdersForAdmin({ q }, { limit: 20 }))[0].map((r) => r.order_id)
      // grants issued together: same created_at, so compared as a set (newest order first)
      const grants = async (q: string) => (await service.listGrants({ q }, { limit: 20 }))[0].map((r) => r.order_id).sort().reverse()
      const expectations: [string, string[]][] = [
        ["guest@ex", ["order_s0"]],
        ["GUEST", ["order_s1", "order_s0"]],
        ["example.com", ["order_s1", "order_s0"]],
        ["shop.test", ["order_s2"]],
        ["50%_", ["order_s3"]],
        ["%", ["order_s3"]],
        ["t@", ["order_s0"]], // under 3 letters or digits in a row: not through the index
        ["r@s", ["order_s2"]],
        ["guest@example.com", ["order_s0"]], // a whole address
        // An address being typed: each step finds it (issue 15: "guest@example.c" looked like a whole address and found nothing)
        ["guest@example.c", ["order_s0"]],
        ["Guest.Two@Example.co", ["order_s1"]],
        ["other@shop", ["order_s2"]],
        ["other@shop.t", ["order_s2"]],
        ["order_s2", ["order_s2"]],
        ["nobody", []],
      ]
      const check = async () => {
        for (const [q, ids] of expectations) {
          expect([q, await orders(q)]).toEqual([q, ids])
          expect([q, await grants(q)]).toEqual([q, ids])
        }
        // The grant list also matches the asset's file name and title.
        expect(await grants("handbook")).toEqual(["order_s3", "order_s2", "order_s1", "order_s0"])
      }
      await check()

      // The migration: pg_trgm is installed (the embedded PostgreSQL ships it), the
      // partial indexes match the searches' conditions, and the results are the same.
      await runTrigramMigration("up")
      await runTrigramMigration("up") // again: nothing to do
      const indexes = async () =>
        (await knex().raw(`SELECT indexname FROM pg_indexes WHERE indexname LIKE '%email_trgm' ORDER BY 1`)).rows.map((r: { indexname: string }) => r.indexname)
      expect(await indexes()).toEqual(["IDX_digital_order_email_trgm", "IDX_download_grant_email_trgm"])
      await check()
      // With enough rows for an index to pay, PostgreSQL ORs the trigram index and order_id's.
      await knex().raw(
        `INSERT INTO digital_order (id, order_id, email, placed_at)
         SELECT 'dord_f' || n, 'order_f' || n, 'filler' || n || '@shop.example', now() FROM generate_series(1, 5000) AS n`
      )
      await knex().raw("VACUUM ANALYZE digital_order") // also moves the new rows out of the GIN pending list
      const { rows: planRows } = await knex().raw(
        `EXPLAIN SELECT 1 FROM digital_order o WHERE o.deleted_at IS NULL AND (o.email ILIKE '%guest@ex%' OR o.order_id = 'guest@ex')`
      )
      const plan = planRows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n")
      // An address being typed ("guest@example.c"): the address's btree index ORed with the trigram index.
      const { rows: wholeRows } = await knex().raw(
        `EXPLAIN SELECT 1 FROM digital_order o WHERE o.deleted_at IS NULL AND (o.email = 'guest@example.c' OR o.email ILIKE '%guest@example.c%')`
      )
      const wholePlan = wholeRows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n")
      await knex().raw(`DELETE FROM digital_order WHERE id LIKE 'dord\\_f%'`)
      expect(plan).toMatch(/BitmapOr[\s\S]*IDX_digital_order_email_trgm[\s\S]*IDX_digital_order_order_id_unique/)
      expect(wholePlan).toMatch(/BitmapOr/)
      expect(wholePlan).toMatch(/IDX_digital_order_email(?!_)/)
      expect(wholePlan).toMatch(/IDX_digital_order_email_trgm/)
      await runTrigramMigration("down")
      expect(await indexes()).toEqual([])
      await check()
    })

    /** Runs a migration's statements (the module runner builds the schema from the models, not the migrations). */
    async function runMigration(Migration: typeof NaturalOrderMigration, direction: "up" | "down" = "up") {
      const statements: string[] = []
      const migration = Object.create(Migration.prototype) as InstanceType<typeof Migration>
      Object.assign(migration, { addSql: (sql: string) => statements.push(sql) })
      await migration[direction]()
      for (const sql of statements) await knex().raw(sql)
    }

    describe("one order of files everywhere (issue 15)", () => {
      it("lists an order's files by line item, then by name in natural order, in SQL pages; a customer's newest order first", async () => {
        await runMigration(NaturalOrderMigration)
        await runMigration(NaturalOrderMigration) // again: nothing to do
        const asset = (filename: string) => service.createFileAsset({ file_id: `f-${filename}`, filename, mime_type: "audio/wav", size: 10, sha256: null })
        const [dusk, noon, dawn, guide, other] = await Promise.all(["10 - Dusk.wav", "2 - Noon.wav", "1 - Dawn.wav", "Guide.pdf", "Bonus.pdf"].map(asset))
        await service.recordDigitalOrder({ order_id: "order_old", email: "c@example.com", customer_id: "cus_1", placed_at: new Date("2026-01-01T00:00:00Z") })
        await service.recordDigitalOrder({ order_id: "order_new", email: "c@example.com", customer_id: "cus_1", placed_at: new Date("2026-02-01T00:00:00Z") })
        // Issued in one statement (one created_at) and in a scrambled order.
        const line = (order_id: string, line_item_id: string, asset_id: string) => ({ order_id, line_item_id, asset_id, customer_id: "cus_1", max_downloads: 5 })
        await service.issueGrants([
          line("order_new", "li_02_guide", guide.id),
          line("order_new", "li_01_album", dusk.id),
          line("order_old", "li_00_bonus", other.id),
          line("order_new", "li_01_album", noon.id),
          line("order_new", "li_01_album", dawn.id),
        ])
        const names = async (filters: Parameters<DigitalDeliveryModuleService["listGrants"]>[0], limit = 500) => {
          const out: string[] = []
          let cursor: string | undefined
          for (let pages = 0; pages < 10; pages++) {
            const [rows, count, info] = await service.listGrants(filters, { limit, cursor, order: "files" })
            out.push(...rows.map((r) => r.asset_filename))
            expect(count).toBe(filters.order_id ? 4 : 5)
            if (!info.next_cursor) return out
            cursor = info.next_cursor
          }
          throw new Error("the pages never end")
        }
        const album = ["1 - Dawn.wav", "2 - Noon.wav", "10 - Dusk.wav", "Guide.pdf"]
        expect(await names({ order_id: "order_new" })).toEqual(album)
        expect(await names({ order_id: "order_new" }, 3)).toEqual(album) // paged: the same order
        expect(await names({ customer_id: "cus_1" }, 2)).toEqual([...album, "Bonus.pdf"])
        // by offset too (the Store API pages by offset)
        const [second] = await service.listGrants({ customer_id: "cus_1" }, { limit: 2, offset: 2, order: "files" })
        expect(second.map((r) => r.asset_filename)).toEqual(["10 - Dusk.wav", "Guide.pdf"])
        // The same order as JavaScript's natural order.
        const collator = new Intl.Collator(undefined, { numeric: true })
        expect([...album.slice(0, 3)].reverse().sort(collator.compare)).toEqual(album.slice(0, 3))
      })
    })

    describe("the deliveries list's facts (issue 15)", () => {
      it("next expiry and downloads come from the grants not revoked: the most used file, never a sum read as one limit", async () => {
        const asset = await service.createFileAsset({ file_id: "f", filename: "a.pdf", mime_type: "application/pdf", size: 10, sha256: null })
        const orders = ["order_live", "order_revoked", "order_expired", "order_never"]
        for (const [i, order_id] of orders.entries()) {
          await service.recordDigitalOrder({ order_id, email: "x@example.com", placed_at: new Date(Date.UTC(2026, 0, 1 + i)), delivered: true })
        }
        const grants = await service.issueGrants([
          // extended by 15 days, but one file revoked: its (earlier) date is not the next expiry
          { order_id: "order_live", line_item_id: "l1", asset_id: asset.id, max_downloads: 5, expires_at: new Date("2040-12-30T00:00:00Z") },
          { order_id: "order_live", line_item_id: "l2", asset_id: asset.id, max_downloads: 5, expires_at: new Date("2041-01-14T00:00:00Z") },
          { order_id: "order_live", line_item_id: "l3", asset_id: asset.id, max_downloads: null, expires_at: new Date("2041-02-01T00:00:00Z") },
          { order_id: "order_live", line_item_id: "l4", asset_id: asset.id, max_downloads: 5, expires_at: new Date("2020-01-01T00:00:00Z") },
          // every grant revoked
          { order_id: "order_revoked", line_item_id: "r1", asset_id: asset.id, max_downloads: null, expires_at: new Date("2040-12-30T00:00:00Z") },
          { order_id: "order_revoked", line_item_id: "r2", asset_id: asset.id, max_downloads: null, expires_at: new Date("2040-12-30T00:00:00Z") },
          // every live grant expired
          { order_id: "order_expired", line_item_id: "e1", asset_id: asset.id, max_downloads: 5, expires_at: new Date("2020-01-01T00:00:00Z") },
          { order_id: "order_expired", line_item_id: "e2", asset_id: asset.id, max_downloads: 5, expires_at: new Date("2021-06-01T00:00:00Z") },
          // a file that never expires, beside an expired one
          { order_id: "order_never", line_item_id: "n1", asset_id: asset.id, max_downloads: null, expires_at: null },
          { order_id: "order_never", line_item_id: "n2", asset_id: asset.id, max_downloads: 5, expires_at: new Date("2020-01-01T00:00:00Z") },
        ])
        const id = (line: string) => grants.find((g) => g.line_item_id === line)!.id
        await knex().raw(`UPDATE download_grant SET revoked_at = now() WHERE line_item_id IN ('l1', 'r1', 'r2')`)
        await knex().raw(`UPDATE download_grant SET downloads_used = 9 WHERE line_item_id IN ('l1', 'r1', 'r2')`) // revoked: not counted
        await knex().raw(`UPDATE download_grant SET downloads_used = 2 WHERE line_item_id = 'l2'`)
        await knex().raw(`UPDATE download_grant SET downloads_used = 7 WHERE line_item_id = 'l3'`) // unlimited: after the limited ones
        await knex().raw(`UPDATE download_grant SET downloads_used = 1 WHERE line_item_id = 'l4'`)
        expect(id("l1")).toBeTruthy()

        const [rows] = await service.listDigitalOrdersForAdmin({}, { limit: 20 })
        const facts = Object.fromEntries(
          rows.map((r) => [r.order_id, { expires_at: r.expires_at && new Date(r.expires_at).toISOString(), live: r.live_count, used: r.top_downloads_used, max: r.top_max_downloads }])
        )
        expect(facts).toEqual({
          order_live: { expires_at: "2041-01-14T00:00:00.000Z", live: 3, used: 2, max: 5 },
          order_revoked: { expires_at: null, live: 0, used: null, max: null },
          order_expired: { expires_at: "2021-06-01T00:00:00.000Z", live: 2, used: 0, max: 5 },
          order_never: { expires_at: null, live: 2, used: 0, max: 5 },
        })
      })
    })
  },
})
