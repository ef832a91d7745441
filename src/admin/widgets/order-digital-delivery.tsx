// data-testids: dd-order-widget, dd-order-delivery-status, dd-deliver-now, dd-resend, dd-order-page-link,
// dd-copy-order-page, dd-grant-row, dd-grant-status, dd-grant-actions, dd-copy-link, dd-history,
// dd-toggle-enabled, dd-reset-count, dd-change-expiry, dd-change-limit, dd-regenerate, dd-revoke,
// dd-email-row, dd-email-status, dd-grants-empty, dd-order-actions, dd-regenerate-order, dd-regenerate-order-resend
// (drawers: components/grant-edit-drawers.tsx, components/grant-history-drawer.tsx)
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import {
  ArrowPath,
  ArrowUpRightOnBox,
  Calendar,
  EllipsisHorizontal,
  Envelope,
  History,
  PauseSolid,
  PlaySolid,
  ReceiptPercent,
  SquareTwoStack,
  XCircle,
} from "@medusajs/icons"
import {
  Button,
  Container,
  Copy,
  DropdownMenu,
  Heading,
  IconButton,
  StatusBadge,
  Table,
  Text,
  toast,
  usePrompt,
} from "@medusajs/ui"
import { useState } from "react"
import { ExpiryDrawer, LimitDrawer } from "../components/grant-edit-drawers"
import { GrantHistoryDrawer } from "../components/grant-history-drawer"
import { EmailStatusBadge, GrantStatusBadge } from "../components/status-badges"
import { copyText, formatDateTime, formatDownloadsUsed, formatExpiry, formatUsage } from "../lib/format"
import {
  useDeliverNow,
  useGrantCommand,
  useOrderDelivery,
  useRegenerateOrderLinks,
  useResendEmail,
  useUpdateGrant,
} from "../lib/queries"
import { errorMessage } from "../lib/sdk"
import type { DigitalOrder, DownloadGrant, OrderDelivery } from "../lib/types"

type Panel = { kind: "expiry" | "limit" | "history"; grant: DownloadGrant } | null

/** The order's downloads: state of each file, per-file actions, delivery and email. Nothing for orders without digital goods. */
const OrderDigitalDeliveryWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, isPending, isError, error, refetch } = useOrderDelivery(order.id)
  const [panel, setPanel] = useState<Panel>(null)

  // No flash of an empty card on orders without digital goods: render once we know.
  if (isPending) return null
  if (isError) {
    return (
      <Container className="flex items-center justify-between px-6 py-4">
        <Text size="small" className="text-ui-fg-error" role="alert">
          Could not load the digital delivery: {errorMessage(error)}
        </Text>
        <Button size="small" variant="secondary" onClick={() => refetch()}>
          Retry
        </Button>
      </Container>
    )
  }
  if (!data.digital_order) return null

  const grants = data.download_grants
  return (
    <Container className="divide-y p-0" data-testid="dd-order-widget">
      <Header orderId={order.id} data={data} digitalOrder={data.digital_order} />
      {data.order_page_url && <OrderPageRow url={data.order_page_url} />}
      {grants.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4" data-testid="dd-grants-empty">
          {data.digital_order.delivered_at
            ? "No downloads: the order's files were removed."
            : "No downloads yet: they are issued when the payment arrives (see the delivery trigger in Settings), or now with “Deliver now”."}
        </Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>File</Table.HeaderCell>
              <Table.HeaderCell>State</Table.HeaderCell>
              <Table.HeaderCell>Downloads</Table.HeaderCell>
              <Table.HeaderCell>Expires</Table.HeaderCell>
              <Table.HeaderCell>Last download</Table.HeaderCell>
              <Table.HeaderCell className="w-12 pr-6" />
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {grants.map((g) => (
              <GrantRow key={g.id} grant={g} orderId={order.id} onOpen={(kind) => setPanel({ kind, grant: g })} />
            ))}
          </Table.Body>
        </Table>
      )}
      <Emails emails={data.emails} />
      <ExpiryDrawer grant={panel?.kind === "expiry" ? panel.grant : null} orderId={order.id} onClose={() => setPanel(null)} />
      <LimitDrawer grant={panel?.kind === "limit" ? panel.grant : null} orderId={order.id} onClose={() => setPanel(null)} />
      <GrantHistoryDrawer grant={panel?.kind === "history" ? panel.grant : null} onClose={() => setPanel(null)} />
    </Container>
  )
}

const Header = ({ orderId, data, digitalOrder }: { orderId: string; data: OrderDelivery; digitalOrder: DigitalOrder }) => {
  const deliver = useDeliverNow(orderId)
  const resend = useResendEmail(orderId)
  const regenerate = useRegenerateOrderLinks(orderId)
  const prompt = usePrompt()
  const delivered = !!digitalOrder.delivered_at

  const onRegenerate = async (resendEmail: boolean) => {
    const ok = await prompt({
      title: "Regenerate all of this order's links?",
      description: resendEmail
        ? "The order download page, its ZIP and every file link sent so far will stop working. The buyer gets the new links by email."
        : "The order download page, its ZIP and every file link sent so far will stop working. Send the new links to the buyer (copy them, or resend the email).",
      confirmText: "Regenerate",
      cancelText: "Cancel",
    })
    if (!ok) return
    regenerate.mutate(
      { resend: resendEmail },
      {
        onSuccess: (res) => {
          const email = res.regenerated.email
          if (email && email.status !== "sent") {
            toast.warning("New links generated, but the email was not sent", { description: email.error })
          } else {
            toast.success("New links generated", {
              description: email ? "The old links answer 404 now; the buyer was emailed the new ones." : "The old links answer 404 now.",
            })
          }
        },
        onError: (err) => toast.error("Could not regenerate the links", { description: errorMessage(err) }),
      }
    )
  }

  const onDeliver = () =>
    deliver.mutate(undefined, {
      onSuccess: (res) =>
        toast.success("Order delivered", {
          description: `${res.download_grants.length} download(s) issued; the delivery email goes out if it never did.`,
        }),
      onError: (err) => toast.error("Could not deliver the order", { description: errorMessage(err) }),
    })

  const onResend = () =>
    resend.mutate(undefined, {
      onSuccess: (res) => toast.success("Delivery email sent", { description: res.email.to ? `To ${res.email.to}` : undefined }),
      // A 502 carries the provider's reason in `message`.
      onError: (err) => toast.error("The email was not sent", { description: errorMessage(err) }),
    })

  return (
    <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
      <div className="flex flex-col gap-y-1">
        <div className="flex items-center gap-x-2">
          <Heading level="h2">Digital delivery</Heading>
          {digitalOrder.canceled_at ? (
            <StatusBadge color="red" data-testid="dd-order-delivery-status">
              Canceled
            </StatusBadge>
          ) : delivered ? (
            <StatusBadge color="green" data-testid="dd-order-delivery-status">
              Delivered
            </StatusBadge>
          ) : (
            <StatusBadge color="blue" data-testid="dd-order-delivery-status">
              Awaiting payment
            </StatusBadge>
          )}
        </div>
        <Text size="small" className="text-ui-fg-subtle">
          {delivered
            ? `Delivered ${formatDateTime(digitalOrder.delivered_at)} · ${formatDownloadsUsed(digitalOrder.downloads_used)}`
            : "Downloads are issued when the payment is received."}
        </Text>
      </div>
      <div className="flex items-center gap-x-2">
        <Button
          size="small"
          variant="secondary"
          onClick={onResend}
          isLoading={resend.isPending}
          disabled={data.download_grants.length === 0}
          data-testid="dd-resend"
        >
          <Envelope />
          Resend email
        </Button>
        {!delivered && (
          <Button size="small" onClick={onDeliver} isLoading={deliver.isPending} data-testid="dd-deliver-now">
            Deliver now
          </Button>
        )}
        {data.download_grants.length > 0 && (
          <DropdownMenu>
            <DropdownMenu.Trigger asChild>
              <IconButton size="small" variant="transparent" aria-label="More order actions" data-testid="dd-order-actions">
                <EllipsisHorizontal />
              </IconButton>
            </DropdownMenu.Trigger>
            <DropdownMenu.Content align="end">
              <DropdownMenu.Item className="gap-x-2" onClick={() => void onRegenerate(false)} data-testid="dd-regenerate-order">
                <ArrowPath className="text-ui-fg-subtle" />
                Regenerate all links
              </DropdownMenu.Item>
              <DropdownMenu.Item className="gap-x-2" onClick={() => void onRegenerate(true)} data-testid="dd-regenerate-order-resend">
                <Envelope className="text-ui-fg-subtle" />
                Regenerate all links and email them
              </DropdownMenu.Item>
            </DropdownMenu.Content>
          </DropdownMenu>
        )}
      </div>
    </div>
  )
}

const OrderPageRow = ({ url }: { url: string }) => (
  <div className="flex items-center justify-between gap-x-4 px-6 py-3">
    <Text size="small" weight="plus" className="shrink-0">
      Order download page
    </Text>
    <div className="flex min-w-0 items-center gap-x-1">
      <a
        href={url}
        target="_blank"
        rel="noreferrer noopener"
        className="text-ui-fg-interactive txt-compact-small hover:text-ui-fg-interactive-hover transition-fg max-w-[360px] truncate"
        data-testid="dd-order-page-link"
        title={url}
      >
        {url}
      </a>
      <Copy content={url} className="text-ui-fg-muted" aria-label="Copy the order download page link" data-testid="dd-copy-order-page" />
      <IconButton size="small" variant="transparent" asChild aria-label="Open the order download page">
        <a href={url} target="_blank" rel="noreferrer noopener">
          <ArrowUpRightOnBox />
        </a>
      </IconButton>
    </div>
  </div>
)

const GrantRow = ({
  grant,
  orderId,
  onOpen,
}: {
  grant: DownloadGrant
  orderId: string
  onOpen: (kind: "expiry" | "limit" | "history") => void
}) => {
  const prompt = usePrompt()
  const update = useUpdateGrant(orderId)
  const revoke = useGrantCommand("revoke", orderId)
  const regenerate = useGrantCommand("regenerate-link", orderId)
  const revoked = grant.status === "revoked"
  const name = grant.asset.filename

  const copyLink = async (url: string) => {
    try {
      await copyText(url)
      toast.success("Download link copied", { description: name })
    } catch (err) {
      toast.error("Could not copy the link", { description: errorMessage(err) })
    }
  }

  const toggleEnabled = () =>
    update.mutate(
      { id: grant.id, enabled: !grant.enabled },
      {
        onSuccess: () => toast.success(grant.enabled ? "Download disabled" : "Download enabled", { description: name }),
        onError: (err) => toast.error("Could not change the download", { description: errorMessage(err) }),
      }
    )

  const resetCount = () =>
    update.mutate(
      { id: grant.id, downloads_used: 0 },
      {
        onSuccess: () => toast.success("Download counter reset", { description: `${name}: 0 / ${grant.max_downloads ?? "∞"}` }),
        onError: (err) => toast.error("Could not reset the counter", { description: errorMessage(err) }),
      }
    )

  const onRegenerate = async () => {
    const ok = await prompt({
      title: "Regenerate the download link?",
      description: `Every link sent so far for "${name}" will stop working. Send the new link to the buyer (copy it, or resend the email).`,
      confirmText: "Regenerate",
      cancelText: "Cancel",
    })
    if (!ok) return
    regenerate.mutate(grant.id, {
      onSuccess: (res) =>
        toast.success("New link generated", {
          description: "The old links answer 404 now.",
          action: { label: "Copy", altText: "Copy the new link", onClick: () => void copyLink(res.download_grant.download_url) },
        }),
      onError: (err) => toast.error("Could not regenerate the link", { description: errorMessage(err) }),
    })
  }

  const onRevoke = async () => {
    const ok = await prompt({
      title: "Revoke this download?",
      description: `The buyer will no longer be able to download "${name}". This cannot be undone.`,
      confirmText: "Revoke",
      cancelText: "Cancel",
    })
    if (!ok) return
    revoke.mutate(grant.id, {
      onSuccess: () => toast.success("Download revoked", { description: name }),
      onError: (err) => toast.error("Could not revoke the download", { description: errorMessage(err) }),
    })
  }

  return (
    <Table.Row data-testid="dd-grant-row" data-grant-id={grant.id} data-status={grant.status}>
      <Table.Cell>
        <Text size="small" weight="plus" className="max-w-[220px] truncate" title={name}>
          {name}
        </Text>
      </Table.Cell>
      <Table.Cell>
        <GrantStatusBadge status={grant.status} />
      </Table.Cell>
      <Table.Cell className="tabular-nums" data-testid="dd-grant-usage">
        {formatUsage(grant.downloads_used, grant.max_downloads)}
      </Table.Cell>
      <Table.Cell className="whitespace-nowrap" data-testid="dd-grant-expiry">{formatExpiry(grant.expires_at)}</Table.Cell>
      <Table.Cell className="whitespace-nowrap">{formatDateTime(grant.last_download_at, "Never")}</Table.Cell>
      <Table.Cell className="pr-6 text-right">
        <DropdownMenu>
          <DropdownMenu.Trigger asChild>
            <IconButton size="small" variant="transparent" aria-label={`Actions for ${name}`} data-testid="dd-grant-actions">
              <EllipsisHorizontal />
            </IconButton>
          </DropdownMenu.Trigger>
          <DropdownMenu.Content align="end">
            <DropdownMenu.Item className="gap-x-2" disabled={revoked} onSelect={() => void copyLink(grant.download_url)} data-testid="dd-copy-link">
              <SquareTwoStack className="text-ui-fg-subtle" />
              Copy download link
            </DropdownMenu.Item>
            <DropdownMenu.Item className="gap-x-2" onSelect={() => onOpen("history")} data-testid="dd-history">
              <History className="text-ui-fg-subtle" />
              Download history
            </DropdownMenu.Item>
            <DropdownMenu.Separator />
            <DropdownMenu.Item className="gap-x-2" disabled={revoked} onSelect={toggleEnabled} data-testid="dd-toggle-enabled">
              {grant.enabled ? <PauseSolid className="text-ui-fg-subtle" /> : <PlaySolid className="text-ui-fg-subtle" />}
              {grant.enabled ? "Disable" : "Enable"}
            </DropdownMenu.Item>
            <DropdownMenu.Item
              className="gap-x-2"
              disabled={revoked || !(grant.downloads_used > 0)}
              onSelect={resetCount}
              data-testid="dd-reset-count"
            >
              <ArrowPath className="text-ui-fg-subtle" />
              Reset download counter
            </DropdownMenu.Item>
            <DropdownMenu.Item className="gap-x-2" disabled={revoked} onSelect={() => onOpen("expiry")} data-testid="dd-change-expiry">
              <Calendar className="text-ui-fg-subtle" />
              Change expiry
            </DropdownMenu.Item>
            <DropdownMenu.Item className="gap-x-2" disabled={revoked} onSelect={() => onOpen("limit")} data-testid="dd-change-limit">
              <ReceiptPercent className="text-ui-fg-subtle" />
              Change download limit
            </DropdownMenu.Item>
            <DropdownMenu.Separator />
            <DropdownMenu.Item className="gap-x-2" disabled={revoked} onSelect={() => void onRegenerate()} data-testid="dd-regenerate">
              <ArrowPath className="text-ui-fg-subtle" />
              Regenerate link
            </DropdownMenu.Item>
            <DropdownMenu.Item className="gap-x-2" disabled={revoked} onSelect={() => void onRevoke()} data-testid="dd-revoke">
              <XCircle className="text-ui-fg-subtle" />
              Revoke
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu>
      </Table.Cell>
    </Table.Row>
  )
}

const Emails = ({ emails }: { emails: OrderDelivery["emails"] }) => (
  <div className="flex flex-col gap-y-2 px-6 py-4">
    <Text size="small" weight="plus">
      Delivery emails
    </Text>
    {emails.length === 0 ? (
      <Text size="small" className="text-ui-fg-subtle" data-testid="dd-emails-empty">
        No delivery email yet.
      </Text>
    ) : (
      emails.map((e) => (
        <div key={e.id} className="flex items-center justify-between gap-x-4" data-testid="dd-email-row">
          <Text size="small" className="truncate">
            {e.to}
          </Text>
          <div className="flex shrink-0 items-center gap-x-3">
            <Text size="small" className="text-ui-fg-subtle">
              {formatDateTime(e.created_at)}
            </Text>
            <EmailStatusBadge status={e.status} />
          </div>
        </div>
      ))
    )}
  </div>
)

export const config = defineWidgetConfig({ zone: "order.details.after" })

export default OrderDigitalDeliveryWidget
