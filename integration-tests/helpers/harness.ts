import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createUserAccountWorkflow } from "@medusajs/medusa/core-flows"
import crypto from "crypto"
import { startFakeResend, type FakeResend } from "./fake-resend"
import { setupStore, type Store } from "./store"
import { RESEND_TEST_KEY } from "../host/constants"

/**
 * One HTTP spec's app: the throwaway host store (integration-tests/host) booted by
 * Medusa's `medusaIntegrationTestRunner`, an admin logged in, and what most specs
 * need in one line each. A spec is
 *
 *   httpSuite({ store: true }, (app) => {
 *     const { api, admin, store } = app // filled in before the first test
 *     it("…", async () => {
 *       const asset = await app.upload("bytes", "book.pdf")
 *       const grant = await app.grant(asset.id, { max_downloads: 3 })
 *       await fetch(app.link(grant.download_url))
 *     })
 *   })
 *
 * The runner restores the database from a template before every test; the
 * template is taken after the suite's own `beforeAll` hooks, so data written
 * there (the admin, the store, `app.seed`) is there in every test, and data a
 * test writes is gone in the next one.
 */

export type Api = {
  get: (url: string, config?: any) => Promise<{ data: any; status: number; headers: any }>
  post: (url: string, body?: unknown, config?: any) => Promise<{ data: any; status: number; headers: any }>
  delete: (url: string, config?: any) => Promise<{ data: any; status: number; headers: any }>
}
export type Headers = { headers: Record<string, string> }

/** A line of `issue-download-grants`; every field but `asset_id` has a default. */
export type GrantLine = {
  asset_id: string
  order_id?: string
  line_item_id?: string
  max_downloads?: number | null
  email?: string
  customer_id?: string
  expires_at?: Date | null
}

export type SuiteOptions = {
  /**
   * Environment of the host app (integration-tests/host/medusa-config.ts reads
   * DD_TEST_RATE_LIMIT, DD_TEST_MAX_UPLOAD_BYTES, DD_TEST_STORAGE_DIR).
   */
  env?: Record<string, string>
  /** A region, a sales channel and a publishable key, created before the tests (`app.store`). */
  store?: boolean
  /** A local stand-in for Resend's API (`app.fake`), reset before each test. */
  fakeResend?: boolean
  /** Jest's timeout for each test and hook (default 180 s). */
  timeout?: number
}

export type App = {
  /** The runner's axios client, on the app's base URL. */
  api: Api
  /** Axios config with an admin's bearer token: `api.post(url, body, admin)`. */
  admin: Headers
  /** With `store: true`: region, sales channel, publishable key and `storeHeaders`. */
  store: Store
  /** `http://localhost:<port>` of the running app. */
  readonly baseURL: string
  readonly fake: FakeResend
  /** With `fakeResend: true`: the emails accepted for this address, in order. */
  emailsTo: (to: string) => FakeResend["sent"]
  container: () => MedusaContainer
  /** Any URL the app printed (an email link, `download_url`) made to point at this app. */
  link: (url: string) => string
  /** Uploads bytes as the admin does (FormData), whatever the answer. */
  uploadForm: (content: Buffer | string, name: string, fields?: Record<string, string>) => Promise<{ status: number; text: string; body: any }>
  /** Uploads bytes as the admin does and returns the created `digital_asset` (expects a 201). */
  upload: (content: Buffer | string, name: string, fields?: Record<string, string>) => Promise<any>
  /** Issues grants as deliver-order does (the workflow, by id), all lines in one order; returns what the workflow returns. */
  issueGrants: (lines: GrantLine[]) => Promise<{ id: string; order_id: string }[]>
  /** Issues one grant (unlimited unless `max_downloads` says) and returns it as the admin sees it. */
  grant: (assetId: string, line?: Omit<GrantLine, "asset_id">) => Promise<any>
  /** Runs `fn` once before the tests of the current block and keeps what it wrote in the database. */
  seed: (fn: () => Promise<void>) => void
  /** Resolves when what the app started (workflows, subscribers' database work) has ended. */
  settled: () => Promise<void>
}

export const ADMIN_EMAIL = "admin@example.com"
export const ADMIN_PASSWORD = "supersecret-password"

/**
 * Creates an admin the way Medusa does (register an emailpass identity, create
 * the user account) and logs in. Returns axios headers with the bearer token.
 */
export async function loginAsAdmin(api: Pick<Api, "post">, container: MedusaContainer): Promise<Headers> {
  const registered = await api.post("/auth/user/emailpass/register", { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
  const jwt = JSON.parse(Buffer.from(registered.data.token.split(".")[1], "base64url").toString())
  await createUserAccountWorkflow(container).run({
    input: { authIdentityId: jwt.auth_identity_id, userData: { email: ADMIN_EMAIL } },
  })
  const login = await api.post("/auth/user/emailpass", { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
  return { headers: { authorization: `Bearer ${login.data.token}` } }
}

/** The links to the plugin's public pages in an email's text. */
export const linksIn = (text: string) => [...text.matchAll(/https?:\/\/\S+\/digital-downloads\/\S+/g)].map((m) => m[0])

/** Sets `env` on process.env; returns what puts the previous values back. */
function applyEnv(env: Record<string, string>) {
  const previous = Object.keys(env).map((key) => [key, process.env[key]] as const)
  Object.assign(process.env, env)
  return () => {
    for (const [key, value] of previous) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
}

/** Boots the host app for the spec file and runs `body` with it (see the top of this file). */
/**
 * Resolves once no other connection has been busy on the app's database for
 * half a second in a row (what the app's subscribers and workflows started has
 * ended), or after 30 s.
 */
async function databaseQuiet(container: MedusaContainer) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const deadline = Date.now() + 30_000
  let quietSince = Date.now()
  while (Date.now() < deadline) {
    const { rows } = await knex.raw(
      `SELECT count(*)::int AS busy FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND state IS NOT NULL AND state <> 'idle'`
    )
    if (rows[0].busy > 0) quietSince = Date.now()
    else if (Date.now() - quietSince >= 500) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

export function httpSuite(options: SuiteOptions, body: (app: App) => void) {
  jest.setTimeout(options.timeout ?? 180_000)
  const env: Record<string, string> = { ...options.env }
  let fake: FakeResend | undefined
  let restoreEnv = () => undefined as void

  // The runner evaluates medusa-config (test-utils' configLoaderOverride) before
  // it applies its `env` option, so a setting the config reads would come too
  // late: the same env is applied here first, in a hook that runs before the
  // runner's, and put back after the suite. The runner re-applies it around the app.
  beforeAll(async () => {
    if (options.fakeResend) {
      fake = await startFakeResend({ apiKey: RESEND_TEST_KEY })
      // The resend SDK reads RESEND_BASE_URL when the provider is built.
      env.RESEND_BASE_URL = fake.url
    }
    restoreEnv = applyEnv(env)
  })
  afterAll(async () => {
    restoreEnv()
    await fake?.close()
  })

  medusaIntegrationTestRunner({
    cwd: `${__dirname}/../host`,
    env,
    testSuite: ({ api, getContainer, dbUtils, utils }) => {
      const admin: Headers = { headers: {} }
      const store = {} as Store
      let baseURL = ""

      beforeAll(async () => {
        baseURL = (api as any).defaults.baseURL
        Object.assign(admin.headers, (await loginAsAdmin(api, getContainer())).headers)
        if (options.store) Object.assign(store, await setupStore(api, admin))
      })
      if (options.fakeResend) beforeEach(() => fake!.reset())

      const uploadForm: App["uploadForm"] = async (content, name, fields = {}) => {
        const form = new FormData()
        for (const [k, v] of Object.entries(fields)) form.append(k, v)
        form.append("file", new Blob([typeof content === "string" ? content : new Uint8Array(content)]), name)
        const res = await fetch(`${baseURL}/admin/digital-assets`, { method: "POST", headers: admin.headers, body: form })
        const text = await res.text()
        return { status: res.status, text, body: JSON.parse(text) }
      }

      const issueGrants: App["issueGrants"] = async (lines) => {
        const order_id = `order_${crypto.randomBytes(4).toString("hex")}`
        const engine = getContainer().resolve(Modules.WORKFLOW_ENGINE)
        const { result } = await engine.run("issue-download-grants", {
          input: {
            lines: lines.map((line) => ({
              order_id,
              line_item_id: `li_${crypto.randomBytes(6).toString("hex")}`,
              max_downloads: null,
              email: "buyer@example.com",
              ...line,
            })),
          },
        })
        return result as { id: string; order_id: string }[]
      }

      const app: App = {
        api,
        admin,
        store,
        get baseURL() {
          return baseURL
        },
        get fake() {
          if (!fake) throw new Error("httpSuite: pass fakeResend: true to get app.fake")
          return fake
        },
        emailsTo: (to) => app.fake.sent.filter((e) => [e.body.to].flat().includes(to)),
        container: getContainer,
        link: (url) => baseURL + new URL(url).pathname + new URL(url).search,
        uploadForm,
        upload: async (content, name, fields) => {
          const res = await uploadForm(content, name, fields)
          expect([name, res.status]).toEqual([name, 201])
          return res.body.digital_asset
        },
        issueGrants,
        grant: async (assetId, line = {}) => {
          const [issued] = await issueGrants([{ asset_id: assetId, ...line }])
          const { data } = await api.get(`/admin/download-grants/${issued.id}`, admin)
          return data.download_grant
        },
        settled: async () => {
          await utils.waitWorkflowExecutions()
          await databaseQuiet(getContainer())
        },
        seed: (fn) =>
          beforeAll(async () => {
            await fn()
            // Taking the snapshot ends every connection to the database: a
            // delivery still running (a subscriber's workflow after a capture)
            // would fail there and its compensation would undo it in the live
            // database the first test runs on. So wait until it has finished.
            await app.settled()
            // The template each test starts from, now with what fn wrote.
            await dbUtils.snapshot()
          }),
      }
      body(app)
    },
  })
}
