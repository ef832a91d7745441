import Medusa from "@medusajs/js-sdk"

const BASE_URL = __BACKEND_URL__ || "/"

/** The JS SDK as Medusa Admin uses it: same origin (or the configured backend), session cookie. */
export const sdk = new Medusa({
  baseUrl: BASE_URL,
  auth: { type: "session" },
})

/** An absolute or same-origin URL for an API path ("/admin/..."), never "//admin". */
export function apiUrl(path: string): string {
  return `${BASE_URL.replace(/\/+$/, "")}${path}`
}

/** The message to show for a failed request (the API's `message`, else the error's). */
export function errorMessage(err: unknown, fallback = "Something went wrong"): string {
  if (err && typeof err === "object" && "message" in err && typeof err.message === "string" && err.message) {
    return err.message
  }
  return fallback
}

export class UploadError extends Error {
  constructor(message: string, readonly status: number) {
    super(message)
  }
}

export type UploadHandle<T> = { promise: Promise<T>; abort: () => void }

/**
 * POSTs multipart form data with upload progress (fetch has none): `onProgress`
 * receives the fraction sent, 0..1. Same cookie session as the SDK.
 */
export function uploadWithProgress<T>(
  path: string,
  form: FormData,
  onProgress: (fraction: number) => void
): UploadHandle<T> {
  const xhr = new XMLHttpRequest()
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open("POST", apiUrl(path))
    xhr.withCredentials = true
    xhr.setRequestHeader("Accept", "application/json")
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total)
    }
    xhr.onload = () => {
      let body: { message?: string } | null
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        body = null
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1)
        resolve(body as T)
      } else {
        reject(new UploadError(body?.message || xhr.statusText || `Upload failed (${xhr.status})`, xhr.status))
      }
    }
    xhr.onerror = () => reject(new UploadError("Upload failed: the server could not be reached", 0))
    xhr.onabort = () => reject(new UploadError("Upload canceled", 0))
    xhr.send(form)
  })
  return { promise, abort: () => xhr.abort() }
}

/** A refused request with the API's field errors (a 400 from the plugin's validation lists them one by one). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: { path: (string | number)[]; message: string }[] = []
  ) {
    super(message)
  }
}

/**
 * A JSON request like `sdk.client.fetch` (same cookie session), that keeps the
 * `errors` of a refused body: the SDK's FetchError has only the message.
 */
export async function fetchJson<T>(path: string, init: { method: "POST" | "DELETE"; body?: unknown }): Promise<T> {
  const res = await fetch(apiUrl(path), {
    method: init.method,
    credentials: "include",
    headers: { accept: "application/json", ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const body = await res.json().catch(() => null)
  if (!res.ok) throw new ApiError(body?.message || res.statusText || `Request failed (${res.status})`, res.status, Array.isArray(body?.errors) ? body.errors : [])
  return body as T
}
