// data-testids: dd-send-test-to, dd-send-test
import { Button, Input, Label, toast } from "@medusajs/ui"
import { useState } from "react"
import { useSendTestEmail } from "../../hooks/api"
import { errorMessage } from "../../lib/sdk"
import type { EmailLocale, EmailTemplate } from "../../lib/types"
import { LOCALE_LABEL } from "./settings-form"

/** Sends the template as shown in the editor (unsaved edits included) to an address, rendered for the sample order. */
export const SendTestEmail = ({ locale, template, defaultTo }: { locale: EmailLocale; template: EmailTemplate; defaultTo: string }) => {
  const send = useSendTestEmail()
  const [to, setTo] = useState(defaultTo)

  const onSend = () => {
    if (!/^\S+@\S+\.\S+$/.test(to.trim())) {
      toast.error("Enter the address to send the test to")
      return
    }
    send.mutate(
      { to: to.trim(), locale, template },
      {
        onSuccess: () => toast.success("Test email sent", { description: `To ${to.trim()} (${LOCALE_LABEL[locale] ?? locale}, as shown in the editor)` }),
        onError: (err) => toast.error("The test email was not sent", { description: errorMessage(err) }),
      }
    )
  }

  return (
    <div className="flex flex-wrap items-end justify-between gap-4 px-6 py-4">
      <div className="flex flex-1 flex-col gap-y-2" style={{ minWidth: 280 }}>
        <Label htmlFor="dd-send-test-to" size="small" weight="plus">
          Send a test email
        </Label>
        <Input
          id="dd-send-test-to"
          data-testid="dd-send-test-to"
          type="email"
          placeholder="you@example.com"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && onSend()}
        />
      </div>
      <Button size="small" variant="secondary" onClick={onSend} isLoading={send.isPending} data-testid="dd-send-test">
        Send test email
      </Button>
    </div>
  )
}
