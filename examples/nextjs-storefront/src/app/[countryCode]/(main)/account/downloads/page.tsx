import { retrieveCustomer, signout } from "@lib/data/customer"
import { myDownloads } from "@lib/data/digital-downloads"
import DownloadsList from "@modules/digital-downloads/components/downloads-list"
import { REFUSAL_WORDS } from "@modules/digital-downloads/format"
import type { FailureReason } from "medusa-plugin-digital-delivery/client"
import { redirect } from "next/navigation"

type Props = { params: Promise<{ countryCode: string }>; searchParams: Promise<{ refused?: string }> }

export default async function DownloadsPage({ params, searchParams }: Props) {
  const { countryCode } = await params
  const { refused } = await searchParams
  const customer = await retrieveCustomer()
  if (!customer) redirect(`/${countryCode}/account`)
  const downloads = await myDownloads()
  // Only the known reasons' own words are shown, never the query string itself.
  const refusal = refused ? (REFUSAL_WORDS[refused as FailureReason] ?? "The file could not be downloaded.") : null
  return (
    <>
      <div className="row">
        <h1>Downloads</h1>
        <form action={signout}>
          <input type="hidden" name="country_code" value={countryCode} />
          <button type="submit" className="secondary">
            Log out
          </button>
        </form>
      </div>
      <p className="muted">Logged in as {customer.email}</p>
      {refusal && (
        <p role="alert" className="error">
          {refusal}
        </p>
      )}
      {downloads.ok ? (
        <DownloadsList downloads={downloads.data.digital_downloads} href={(id) => `/${countryCode}/account/downloads/${encodeURIComponent(id)}`} />
      ) : (
        <p className="error">Your downloads cannot be shown right now.</p>
      )}
    </>
  )
}
