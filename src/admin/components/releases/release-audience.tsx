// data-testids: dd-release-audience
import { Text } from "@medusajs/ui"
import { useUpdateAudience } from "../../hooks/api/campaigns"
import { formatCount } from "../../lib/format"

/**
 * Who "Email buyers about this release" reaches, counted before the merchant
 * publishes: one email per buyer address whose download is neither revoked nor
 * expired (expired ones too when the store's setting says so), unsubscribed
 * addresses left out (GET /admin/digital-assets/:id/update-audience).
 */
export const ReleaseAudience = ({ assetId, notify }: { assetId: string; notify: boolean }) => {
  const audience = useUpdateAudience(notify ? assetId : undefined)
  const count = audience.data?.recipients
  return (
    <Text size="xsmall" className="text-ui-fg-subtle" data-testid="dd-release-audience" data-asset-id={assetId} data-recipients={count ?? ""}>
      {!notify
        ? "No email: buyers see the new release on their order page and in their library."
        : count === undefined
          ? audience.isError
            ? "Every buyer whose download is still available gets one email (the count could not be read)."
            : "Counting the buyers…"
          : count === 0
            ? "No buyer to email: nobody holds a download of this file that is still available (or they unsubscribed)."
            : `Email ${formatCount("buyers", count)}: one email each, whatever the number of their orders${
                audience.data?.include_expired ? ", including buyers whose download expired" : ""
              }. Unsubscribed addresses are left out.`}
    </Text>
  )
}
