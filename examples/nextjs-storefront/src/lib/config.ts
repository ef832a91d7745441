import Medusa from "@medusajs/js-sdk"

// Read when the server starts, not inlined by `next build`: one build serves
// any backend. Every call to Medusa is made by the Next.js server (server
// components and server actions), as in Medusa's Next.js Starter.
const env = (name: string): string | undefined => process.env[name] || undefined

export const MEDUSA_BACKEND_URL = env("MEDUSA_BACKEND_URL") ?? env("NEXT_PUBLIC_MEDUSA_BACKEND_URL") ?? "http://localhost:9000"
export const MEDUSA_PUBLISHABLE_KEY = env("NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY")
export const DEFAULT_REGION = env("NEXT_PUBLIC_DEFAULT_REGION") ?? "us"

export const sdk = new Medusa({
  baseUrl: MEDUSA_BACKEND_URL,
  publishableKey: MEDUSA_PUBLISHABLE_KEY,
})
