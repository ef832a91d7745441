import { downloadLink } from "@lib/data/digital-downloads"
import { type NextRequest, NextResponse } from "next/server"

/**
 * The account's Download button: a fresh link for the customer's file, and
 * the browser goes straight to it (the file downloads, the page stays). Only
 * the owner gets a link (the plugin checks the customer); the login cookie is
 * SameSite=strict, so a link on another site cannot spend a download.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ countryCode: string; id: string }> }) {
  const { countryCode, id } = await params
  const link = await downloadLink(id)
  if (link.ok) return NextResponse.redirect(link.data.url, 303)
  return NextResponse.redirect(new URL(`/${countryCode}/account/downloads?refused=${link.reason}`, request.url), 303)
}
