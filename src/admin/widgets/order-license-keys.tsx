// data-testids: dd-license-keys-widget, dd-license-key-row, dd-license-key-reveal, dd-license-key-copy,
// dd-license-key-revoke, dd-license-key-replace
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { CardHeader } from "../components/common/card-header"
import { ErrorRow } from "../components/common/query-state"
import { useLicenseKeyAction, useOrderLicenseKeys } from "../hooks/api"
import { formatDate } from "../lib/format"
import { errorMessage } from "../lib/sdk"
import type { LicenseKey } from "../lib/types"

const STATE_COLOR = { active: "green", pending: "orange", revoked: "red" } as const

/** The order's license keys: masked, with reveal, copy, revoke and replace. Nothing for orders without keys. */
const OrderLicenseKeysWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, isPending, isError, error, refetch } = useOrderLicenseKeys(order.id)
  const action = useLicenseKeyAction(order.id)
  const prompt = usePrompt()
  const [revealed, setRevealed] = useState<Record<string, string>>({})

  if (isPending) return null
  if (isError) {
    return (
      <Container className="p-0">
        <ErrorRow label="Could not load the license keys" error={error} onRetry={() => refetch()} />
      </Container>
    )
  }
  const keys = data.license_keys
  if (!keys.length) return null

  const reveal = (key: LicenseKey) =>
    action.mutate(
      { id: key.id, action: "reveal" },
      {
        onSuccess: (res) => setRevealed((r) => ({ ...r, [key.id]: res.key ?? "" })),
        onError: (err) => toast.error("Could not reveal the key", { description: errorMessage(err) }),
      }
    )
  const copy = async (key: LicenseKey) => {
    try {
      const plain = revealed[key.id] ?? (await action.mutateAsync({ id: key.id, action: "reveal" })).key ?? ""
      setRevealed((r) => ({ ...r, [key.id]: plain }))
      await navigator.clipboard.writeText(plain)
      toast.success("License key copied")
    } catch (err) {
      toast.error("Could not copy the key", { description: errorMessage(err) })
    }
  }
  const change = async (key: LicenseKey, kind: "revoke" | "replace") => {
    const confirmed = await prompt({
      title: kind === "revoke" ? "Revoke this license key?" : "Replace this license key?",
      description:
        kind === "revoke"
          ? "The buyer's software will be told the key is revoked. The files stay downloadable."
          : "The key is revoked and the buyer's unit gets a new one (from the pool if the variant uses one). Send it to the buyer yourself or resend the delivery email.",
      confirmText: kind === "revoke" ? "Revoke" : "Replace",
      cancelText: "Cancel",
    })
    if (!confirmed) return
    action.mutate(
      { id: key.id, action: kind },
      {
        onSuccess: () => toast.success(kind === "revoke" ? "License key revoked" : "License key replaced"),
        onError: (err) => toast.error(`Could not ${kind} the key`, { description: errorMessage(err) }),
      }
    )
  }

  return (
    <Container className="divide-y p-0" data-testid="dd-license-keys-widget">
      <CardHeader title="License keys" description="One per unit bought. Keys are stored encrypted; reveal one to read it (the reveal is recorded)." />
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Key</Table.HeaderCell>
            <Table.HeaderCell>State</Table.HeaderCell>
            <Table.HeaderCell>Activations</Table.HeaderCell>
            <Table.HeaderCell>Issued</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Actions</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {keys.map((key) => (
            <Table.Row key={key.id} data-testid="dd-license-key-row">
              <Table.Cell>
                <Text size="small" className="font-mono">
                  {revealed[key.id] ?? key.masked_key ?? "—"}
                </Text>
                <Text size="xsmall" className="text-ui-fg-subtle">
                  Unit {key.unit_index + 1}
                  {key.generation > 1 ? ` · replacement ${key.generation - 1}` : ""} · {key.source === "pool" ? "pool" : "generated"}
                </Text>
              </Table.Cell>
              <Table.Cell>
                <Badge size="2xsmall" color={STATE_COLOR[key.state]}>
                  {key.state === "pending" ? "Waiting for the pool" : key.state === "active" ? "Active" : "Revoked"}
                </Badge>
              </Table.Cell>
              <Table.Cell>
                {key.activation_count} / {key.activation_limit}
              </Table.Cell>
              <Table.Cell>{key.issued_at ? formatDate(key.issued_at) : "—"}</Table.Cell>
              <Table.Cell className="text-right">
                <div className="flex justify-end gap-x-2">
                  {key.state !== "pending" && !revealed[key.id] && (
                    <Button size="small" variant="transparent" onClick={() => reveal(key)} data-testid="dd-license-key-reveal">
                      Reveal
                    </Button>
                  )}
                  {key.state !== "pending" && (
                    <Button size="small" variant="transparent" onClick={() => void copy(key)} data-testid="dd-license-key-copy">
                      Copy
                    </Button>
                  )}
                  {key.state !== "revoked" && (
                    <>
                      <Button size="small" variant="transparent" onClick={() => void change(key, "replace")} data-testid="dd-license-key-replace">
                        Replace
                      </Button>
                      <Button size="small" variant="transparent" onClick={() => void change(key, "revoke")} data-testid="dd-license-key-revoke">
                        Revoke
                      </Button>
                    </>
                  )}
                </div>
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "order.details.after" })

export default OrderLicenseKeysWidget
