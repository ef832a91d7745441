// data-testids: dd-send-test-to, dd-send-test
import { Button, toast } from "@medusajs/ui"
import { useState } from "react"
import { useSendTestEmail } from "../../hooks/api"
import { errorMessage } from "../../lib/sdk"
import type { EmailKind, EmailLocale, EmailTemplate } from "../../lib/types"
import { InputField } from "../common/field"
import { LOCALE_LABEL } from "./settings-form"

/** Sends the template as shown in the editor (unsaved edits included) to an address, rendered for the sample order. */
export const SendTestEmail = ({
  locale,
  template,
  defaultTo,
  kind = "delivery",
}: {
  locale: EmailLocale
  template: EmailTemplate
  defaultTo: string
  kind?: EmailKind
}) => {
  const send = useSendTestEmail()
  const [to, setTo] = useState(defaultTo)

  const onSend = () => {
    if (!/^\S+@\S+\.\S+$/.test(to.trim())) {
      toast.error("Enter the address to send the test to")
      return
    }
    send.mutate(
      { to: to.trim(), locale, template, kind },
      {
        onSuccess: () => toast.success("Test email sent", { description: `To ${to.trim()} (${LOCALE_LABEL[locale] ?? locale}, as shown in the editor)` }),
        onError: (err) => toast.error("The test email was not sent", { description: errorMessage(err) }),
      }
    )
  }

  return (
    <div className="flex flex-wrap items-end justify-between gap-4 px-6 py-4">
      <div className="flex-1" style={{ minWidth: 280 }}>
        <InputField
          id={kind === "update" ? "dd-update-send-test-to" : "dd-send-test-to"}
          label="Send a test email"
          type="email"
          placeholder="you@example.com"
          value={to}
          onChange={setTo}
          onKeyDown={(e) => e.key === "Enter" && onSend()}
        />
      </div>
      <Button size="small" variant="secondary" onClick={onSend} isLoading={send.isPending} data-testid={kind === "update" ? "dd-update-send-test" : "dd-send-test"}>
        Send test email
      </Button>
    </div>
  )
}
