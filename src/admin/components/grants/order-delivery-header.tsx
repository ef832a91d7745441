// data-testids: dd-order-delivery-status, dd-resend, dd-deliver-now, dd-order-actions, dd-regenerate-order,
// dd-regenerate-order-resend, dd-order-page-link, dd-copy-order-page
import { ArrowPath, ArrowUpRightOnBox, EllipsisHorizontal, Envelope } from "@medusajs/icons"
import { Button, Copy, DropdownMenu, Heading, IconButton, StatusBadge, Text, toast, usePrompt } from "@medusajs/ui"
import { useDeliverNow, useRegenerateOrderLinks, useResendEmail } from "../../hooks/api"
import { formatCount, formatDateTime, formatDownloadsUsed, type BadgeStyle } from "../../lib/format"
import { errorMessage } from "../../lib/sdk"
import type { DigitalOrder, OrderDelivery } from "../../lib/types"

/** The order's delivery state and its order-wide actions: resend the email, deliver now, regenerate every link. */
export const OrderDeliveryHeader = ({ orderId, data, digitalOrder }: { orderId: string; data: OrderDelivery; digitalOrder: DigitalOrder }) => {
  const deliver = useDeliverNow(orderId)
  const resend = useResendEmail(orderId)
  const regenerate = useRegenerateOrderLinks(orderId)
  const prompt = usePrompt()
  const delivered = !!digitalOrder.delivered_at
  const state: BadgeStyle = digitalOrder.canceled_at
    ? { label: "Canceled", color: "red" }
    : delivered
      ? { label: "Delivered", color: "green" }
      : { label: "Awaiting payment", color: "blue" }

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
          description: `${formatCount("downloadsIssued", res.download_grants.length)}; the delivery email goes out if it never did.`,
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
          <StatusBadge color={state.color} data-testid="dd-order-delivery-status">
            {state.label}
          </StatusBadge>
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

/** The order download page (one page with every file and a ZIP), to open or copy. */
export const OrderPageRow = ({ url }: { url: string }) => (
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
      <Copy content={url} className="text-ui-fg-muted shrink-0" aria-label="Copy the order download page link" data-testid="dd-copy-order-page" />
      <IconButton size="small" variant="transparent" className="shrink-0" asChild aria-label="Open the order download page">
        <a href={url} target="_blank" rel="noreferrer noopener">
          <ArrowUpRightOnBox />
        </a>
      </IconButton>
    </div>
  </div>
)
