import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IAuthModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { escapeHtml, pageStore, pageStrings, sendPage } from "../../utils/pages"

const LIBRARY = "/digital-downloads/library"

/** Only our own pages: never an open redirect. */
function safeNext(value: unknown): string {
  return typeof value === "string" && /^\/digital-downloads\/[\w\-/]*$/.test(value) ? value : LIBRARY
}

async function loginPage(req: MedusaRequest, res: MedusaResponse, error = false, email = "") {
  const { locale, t } = pageStrings(req)
  const next = safeNext(req.query.next ?? (req.body as Record<string, unknown> | undefined)?.next)
  sendPage(
    res,
    await pageStore(req),
    locale,
    t.loginTitle,
    `<h1>${escapeHtml(t.loginTitle)}</h1>
${error ? `<p class="error" role="alert">${escapeHtml(t.badLogin)}</p>` : ""}
<form method="post" action="/digital-downloads/login">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<label for="email">${escapeHtml(t.email)}</label><input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(email)}">
<label for="password">${escapeHtml(t.password)}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">${escapeHtml(t.logIn)}</button></p>
</form>`,
    error ? 401 : 200,
    "same-origin"
  )
}

/** The hosted login page (Medusa customer accounts, email + password). */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  await loginPage(req, res)
}

/** Logs the customer in with Medusa's emailpass provider and opens a session. */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const body = (req.body ?? {}) as Record<string, unknown>
  const email = typeof body.email === "string" ? body.email.trim().slice(0, 320) : ""
  const password = typeof body.password === "string" ? body.password.slice(0, 1024) : ""
  if (!email || !password) return loginPage(req, res, true, email)

  const auth = req.scope.resolve<IAuthModuleService>(Modules.AUTH)
  const { success, authIdentity } = await auth.authenticate("emailpass", {
    url: req.url,
    headers: req.headers as Record<string, string>,
    query: {},
    body: { email, password },
    protocol: req.protocol,
  })
  const customerId = authIdentity?.app_metadata?.customer_id as string | undefined
  if (!success || !authIdentity || !customerId) return loginPage(req, res, true, email)

  type Session = Record<string, unknown> & { regenerate?: (cb: (err?: Error) => void) => void }
  const withSession = req as unknown as { session: Session }
  const open = () => {
    // withSession.session is read here, after regenerate() gave the request a new session.
    withSession.session.auth_context = {
      actor_id: customerId,
      actor_type: "customer",
      auth_identity_id: authIdentity.id,
      app_metadata: authIdentity.app_metadata ?? {},
      user_metadata: {},
    }
    res.redirect(303, safeNext(body.next))
  }
  // A fresh session id at login: a session fixed before login is worth nothing.
  if (withSession.session?.regenerate) withSession.session.regenerate(() => open())
  else open()
}
