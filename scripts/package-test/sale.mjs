// A short story over HTTP against a running store: admin upload → variant →
// guest order → capture → grant + email → the emailed link downloads the same bytes.
import crypto from "node:crypto"
import { createRequire } from "node:module"
import path from "node:path"
import { client } from "../lib/api-client.mjs"
import { FULFILLMENT_STATUS_FIELDS } from "../lib/store-fixture.js"
import { slug } from "./scaffold.mjs"
import { StepError, tailOf, waitFor } from "./process.mjs"

const MiB = 1024 * 1024
const sha256 = (buf) => crypto.createHash("sha256").update(buf).digest("hex")

/**
 * The story's steps, in order, each a function for a step; what one learns
 * (tokens, ids, the order, the email) the next uses. An error that is not a
 * StepError is reported with the tail of the server's log.
 */
export function sale(store, server, fakeResend) {
  const api = client(store.backendUrl)
  const { backendUrl } = store
  const fileName = `package-test-${store.version}.bin`
  // The Resend stand-in serves every store of the run: one buyer per store.
  const buyer = `buyer-${slug(store.version)}@example.com`
  const bytes = crypto.randomBytes(4 * MiB + 12345)
  const facts = {}
  const serverTail = () => tailOf(server.output(), 25)
  const withServerLog = (fn) => async () => {
    try {
      return await fn()
    } catch (err) {
      if (err instanceof StepError) throw err
      throw new StepError(`${err.message}.`, serverTail())
    }
  }

  return {
    fileName,
    facts,
    uploadMiB: (bytes.length / MiB).toFixed(1),

    catalog: withServerLog(async () => {
      const { token } = await api.post("/auth/user/emailpass", store.admin)
      const A = { authorization: `Bearer ${token}` }
      const { region } = await api.post(
        "/admin/regions",
        { name: "Europe", currency_code: "eur", countries: ["gb", "fr"], payment_providers: ["pp_system_default"] },
        A
      )
      const { sales_channel: channel } = await api.post("/admin/sales-channels", { name: "Web" }, A)
      const { api_key: key } = await api.post("/admin/api-keys", { title: "Web", type: "publishable" }, A)
      await api.post(`/admin/api-keys/${key.id}/sales-channels`, { add: [channel.id] }, A)
      // No warehouse on the channel, as in a digital-only store: the digital fulfillment is recorded without a
      // stock location (README: Fulfillment; order-fulfillment.spec.ts covers a channel with one).
      const { product } = await api.post(
        "/admin/products",
        {
          title: "Package test e-book",
          status: "published",
          sales_channels: [{ id: channel.id }],
          options: [{ title: "Format", values: ["Digital"] }],
          variants: [{ title: "Digital", sku: `PKG-${store.version}`, manage_inventory: false, options: { Format: "Digital" }, prices: [{ currency_code: "eur", amount: 10 }] }],
        },
        A
      )
      Object.assign(facts, { A, S: { "x-publishable-api-key": key.token }, region, channel, variant: product.variants[0] })
    }),

    upload: withServerLog(async () => {
      const form = new FormData()
      form.append("title", "Package test file")
      form.append("file", new Blob([bytes]), fileName)
      const { digital_asset: asset } = await api.post("/admin/digital-assets", form, facts.A)
      if (asset.sha256 && asset.sha256 !== sha256(bytes)) throw new StepError(`The stored file's sha256 (${asset.sha256}) is not the uploaded bytes'.`)
      await api.post(`/admin/digital-assets/${asset.id}/variants`, { add: [facts.variant.id] }, facts.A)
      facts.asset = asset
      return `asset ${asset.id}`
    }),

    order: withServerLog(async () => {
      const { S, A } = facts
      const address = { first_name: "Ada", last_name: "Lovelace", address_1: "12 Analytical Way", city: "London", country_code: "gb", postal_code: "N1 9GU" }
      const { cart } = await api.post("/store/carts", { region_id: facts.region.id, sales_channel_id: facts.channel.id, email: buyer }, S)
      await api.post(`/store/carts/${cart.id}/line-items`, { variant_id: facts.variant.id, quantity: 1 }, S)
      await api.post(`/store/carts/${cart.id}`, { billing_address: address, shipping_address: address }, S)
      const { payment_collection: pc } = await api.post("/store/payment-collections", { cart_id: cart.id }, S)
      await api.post(`/store/payment-collections/${pc.id}/payment-sessions`, { provider_id: "pp_system_default" }, S)
      const done = await api.post(`/store/carts/${cart.id}/complete`, {}, S)
      if (done.type !== "order") throw new StepError(`The cart did not complete: ${JSON.stringify(done.error ?? done)}.`)
      facts.order = done.order
      const { order } = await api.get(`/admin/orders/${done.order.id}?fields=id,payment_collections.payments.id,payment_collections.payments.captured_at`, A)
      let captured = 0
      for (const c of order.payment_collections ?? []) {
        for (const p of c.payments ?? []) {
          if (!p.captured_at) {
            await api.post(`/admin/payments/${p.id}/capture`, {}, A)
            captured++
          }
        }
      }
      return `order #${done.order.display_id}, ${captured ? "captured through the Admin API" : "already captured"}`
    }),

    delivery: withServerLog(async () => {
      const delivery = await waitFor(
        async () => {
          const d = await api.get(`/admin/orders/${facts.order.id}/digital-delivery`, facts.A)
          return d.download_grants.length && d.emails.some((e) => e.status === "success") ? d : null
        },
        { timeoutMs: 60_000, what: "the order's grant and a sent delivery email (GET /admin/orders/:id/digital-delivery)" }
      ).catch((err) => {
        throw new StepError(err.message, serverTail())
      })
      const grant = delivery.download_grants.find((g) => g.asset?.id === facts.asset.id)
      if (!grant) throw new StepError(`The order's grants do not include the uploaded file.`, JSON.stringify(delivery.download_grants, null, 2))
      const email = fakeResend.sent.find((e) => [e.body.to].flat().includes(buyer))
      if (!email) throw new StepError(`The Resend stand-in received no email to the buyer.`, JSON.stringify(fakeResend.requests, null, 2))
      facts.email = email
      facts.grant = grant
      // The README's digital fulfillment provider: Medusa reads the order as delivered.
      const fulfilled = await waitFor(
        async () => {
          // Medusa computes the status from the items' quantities and the fulfillments: ask for them.
          const { order } = await api.get(`/admin/orders/${facts.order.id}?fields=${FULFILLMENT_STATUS_FIELDS}`, facts.A)
          facts.lastOrderRead = order
          return order.fulfillment_status === "delivered" ? order : null
        },
        { timeoutMs: 30_000, what: "the order's fulfillment_status \"delivered\" (GET /admin/orders/:id)" }
      ).catch((err) => {
        throw new StepError(`${err.message} Last read: ${JSON.stringify(facts.lastOrderRead)}`, serverTail())
      })
      return `grant ${grant.id}, email "${email.body.subject}", fulfillment ${fulfilled.fulfillment_status}`
    }),

    // The typed client as a storefront gets it: from the installed tarball, over
    // @medusajs/js-sdk, reading the order's files without being logged in.
    client: withServerLog(async () => {
      const require = createRequire(path.join(store.host, "package.json"))
      const { getOrderDownloads } = require("medusa-plugin-digital-delivery/client")
      const Medusa = require("@medusajs/js-sdk").default
      const sdk = new Medusa({ baseUrl: backendUrl, publishableKey: facts.S["x-publishable-api-key"] })
      const got = await getOrderDownloads(sdk, facts.order.id)
      if (!got.ok) throw new StepError(`getOrderDownloads answered ${got.reason} (${got.status}): ${got.message}.`)
      const file = got.data.files[0]
      if (got.data.delivery_state !== "delivered" || file?.filename !== fileName || file.download_url !== null) {
        throw new StepError(`getOrderDownloads did not give the delivered file without a link.`, JSON.stringify(got.data, null, 2))
      }
      return `${got.data.delivery_state}, ${file.filename} (${file.size} bytes, ${file.downloads_left} downloads left)`
    }),

    download: withServerLog(async () => {
      const text = `${facts.email.body.text ?? ""}\n${facts.email.body.html ?? ""}`
      const escaped = backendUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
      const links = [...text.matchAll(new RegExp(`${escaped}/digital-downloads/[A-Za-z0-9._~-]+`, "g"))]
        .map((m) => m[0])
        .filter((u) => !/\/digital-downloads\/(orders|library|login|logout)$/.test(u))
      if (!links.length) throw new StepError(`The delivery email holds no download link under ${backendUrl}/digital-downloads/.`, facts.email.body.text ?? "")
      const res = await fetch(links[0])
      if (!res.ok) throw new StepError(`The emailed link answered ${res.status}.`, (await res.text()).slice(0, 500))
      const got = Buffer.from(await res.arrayBuffer())
      if (sha256(got) !== sha256(bytes)) throw new StepError(`The download (${got.length} bytes) differs from the upload (${bytes.length} bytes).`)
      return `${got.length} bytes, sha256 ${sha256(got).slice(0, 12)}…`
    }),
  }
}
