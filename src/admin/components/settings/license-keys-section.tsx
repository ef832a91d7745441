// data-testids: dd-license-public-key, dd-license-example
import { Container, Text } from "@medusajs/ui"
import { CardHeader } from "../common/card-header"
import { useLicensePublicKey } from "../../hooks/api"

/** The activation API's public key (Ed25519) and the ten lines of Node.js that verify an answer with it. */
export const LicenseKeysSection = () => {
  const { data } = useLicensePublicKey()
  if (!data) return null
  return (
    <Container className="divide-y p-0">
      <CardHeader
        title="License keys"
        description="Your software checks keys with POST /digital-downloads/licenses/activate, /deactivate and /validate. Answers are signed (Ed25519): verify them with this public key."
      />
      <div className="flex flex-col gap-y-3 px-6 py-4">
        <Text size="small" weight="plus">
          Public key (PEM)
        </Text>
        <pre className="bg-ui-bg-subtle overflow-x-auto rounded-md p-3 text-xs" data-testid="dd-license-public-key">
          {data.public_key_pem}
        </pre>
        <Text size="small" className="text-ui-fg-subtle">
          Raw (base64): <span className="font-mono">{data.public_key_base64}</span>
        </Text>
        <Text size="small" weight="plus">
          Verify an answer in Node.js
        </Text>
        <pre className="bg-ui-bg-subtle overflow-x-auto rounded-md p-3 text-xs" data-testid="dd-license-example">
          {data.verification_example}
        </pre>
      </div>
    </Container>
  )
}
