/**
 * A small JSON client for the Admin and Store APIs (multipart when the body is
 * FormData). Throws with the route, the status and Medusa's message.
 */
export function client(base) {
  const call = async (method, url, body, headers = {}) => {
    const res = await fetch(base + url, {
      method,
      headers: body instanceof FormData ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    })
    const text = await res.text()
    const data = text ? JSON.parse(text) : {}
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${data.message ?? text}`)
    return data
  }
  return {
    get: (url, headers) => call("GET", url, undefined, headers),
    post: (url, body, headers) => call("POST", url, body ?? {}, headers),
    delete: (url, headers) => call("DELETE", url, undefined, headers),
  }
}
