import type http from "http"

/**
 * Types of fake-resend.js: a local stand-in for Resend's `POST /emails`, for machines that cannot reach
 * api.resend.com. It checks requests the way Resend does (documented at
 * https://resend.com/docs/api-reference/errors) and answers in Resend's shapes:
 *
 * | request | answer |
 * |---|---|
 * | no `Authorization: Bearer …` | 401 `missing_api_key` |
 * | another key | 403 `invalid_api_key` (Resend answers 403 here, not 401) |
 * | missing `from` / `to` / `subject` | 422 `missing_required_field` |
 * | bad `from` / `to` / `cc` / `bcc` / `reply_to`, no `html` nor `text`, more than 50 recipients | 422 `validation_error` |
 * | `Idempotency-Key` longer than 256 characters | 400 `invalid_idempotency_key` |
 * | same key, same body, again | 200 with the first id, nothing new in `sent` |
 * | same key, another body | 409 `invalid_idempotent_request` |
 * | valid | 200 `{ id }`, recorded in `sent` |
 *
 * Point the SDK at it with `process.env.RESEND_BASE_URL = url` before `new Resend()`
 * (the SDK reads the variable in its constructor).
 */

export type FakeResendRequest = {
  method: string
  path: string
  /** Lower-cased header names. */
  headers: http.IncomingHttpHeaders
  idempotencyKey?: string
  /** Parsed JSON body, or the raw text when it was not JSON. */
  body: any
  /** Status code answered; undefined while hanging. */
  status?: number
  /** The client closed the connection before an answer (e.g. it aborted). */
  abortedByClient: boolean
}

export type FakeResendEmail = FakeResendRequest & { id: string }

export type FailureSpec = {
  status?: number
  /** Resend error name; default `internal_server_error` for 5xx, else `application_error`. */
  name?: string
  message?: string
  /** Answer this raw text instead of a JSON error (e.g. an HTML 502 page from a proxy). */
  rawBody?: string
}

export type FakeResend = {
  /** Base URL, e.g. `http://127.0.0.1:40123`: give it to RESEND_BASE_URL. */
  url: string
  /** The only key the fake accepts. */
  apiKey: string
  /** Emails accepted (200 with a new id), in order. */
  sent: FakeResendEmail[]
  /** Every request received, whatever the answer. */
  requests: FakeResendRequest[]
  /** The next `n` requests fail with `spec` (default 500 internal_server_error). */
  failNext(n: number, spec?: FailureSpec): void
  /** While on, requests are read and recorded but never answered. */
  hang(on: boolean): void
  /** An outage: until `down(false)`, every request fails with `spec` (`true`: 500 internal_server_error). */
  down(spec: FailureSpec | boolean): void
  /** Accepted emails are counted at once but answered `ms` later (0: at once). */
  slow(ms: number): void
  /** Forget recorded requests, idempotency keys, queued failures and hang mode. */
  reset(): void
  close(): Promise<void>
}

export function startFakeResend(options?: { apiKey?: string }): Promise<FakeResend>
