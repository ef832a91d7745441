// data-testids: dd-release-audience
import { Text } from "@medusajs/ui"

/**
 * Who "Email buyers about this release" reaches, shown before the merchant
 * confirms. THE PLACE FOR THE BUYER COUNT: the update campaigns (issue 17,
 * "campaigns" branch) add an Admin endpoint counting the addresses a
 * campaign for this asset would email; render "Email N buyers" from it here.
 * Until then it says who is emailed without a number.
 */
export const ReleaseAudience = ({ assetId, notify }: { assetId: string; notify: boolean }) => (
  <Text size="xsmall" className="text-ui-fg-subtle" data-testid="dd-release-audience" data-asset-id={assetId}>
    {notify
      ? "Every buyer whose download is still available gets one email about this release, whatever the number of their orders."
      : "No email: buyers see the new release on their order page and in their library."}
  </Text>
)
