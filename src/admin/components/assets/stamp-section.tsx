// data-testids: dd-asset-stamp, dd-asset-stamp-template
import { Label, Switch, Text } from "@medusajs/ui"
import { InputField } from "../common/field"

/** The server's default line (workflows/utils/stamping/template.ts), shown as the field's placeholder. */
export const DEFAULT_STAMP_TEMPLATE = "Licensed to {ClientName} ({Email}) · order {OrderID} · {Date}"

type Props = { stamp: boolean; onStamp: (on: boolean) => void; template: string; onTemplate: (t: string) => void }

/** PDFs only: "stamp each buyer's copy" and the stamped line (empty = the default line). */
export const StampSection = ({ stamp, onStamp, template, onTemplate }: Props) => (
  <div className="flex flex-col gap-y-3 border-t pt-4">
    <div className="flex items-start gap-x-3">
      <Switch id="dd-asset-stamp" data-testid="dd-asset-stamp" className="shrink-0" checked={stamp} onCheckedChange={onStamp} />
      <div className="flex flex-col gap-y-1">
        <Label htmlFor="dd-asset-stamp" size="small" weight="plus">
          Stamp each buyer's copy
        </Label>
        <Text size="xsmall" className="text-ui-fg-subtle">
          Every page gets a small grey line at its foot with the buyer's name, and the PDF's properties the same facts.
          Each buyer's copy is made at their first download.
        </Text>
      </div>
    </div>
    {stamp && (
      <InputField
        id="dd-asset-stamp-template"
        label="Stamped line"
        hint="Placeholders: {ClientName}, {Email}, {OrderID}, {Date}. Empty = the default line."
        placeholder={DEFAULT_STAMP_TEMPLATE}
        maxLength={200}
        value={template}
        onChange={onTemplate}
      />
    )}
  </div>
)
