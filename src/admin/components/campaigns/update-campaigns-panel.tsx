// data-testids: dd-campaigns, dd-campaigns-empty, dd-campaign-<id> (its row; data-status), dd-campaign-counts,
// dd-campaign-pause, dd-campaign-resume, dd-campaign-cancel, dd-campaign-retry, dd-campaign-failed (the failed list)
import { Badge, Button, Container, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { useCampaignAction, useCampaignRecipients, useUpdateCampaigns } from "../../hooks/api"
import { errorMessage } from "../../lib/sdk"
import type { CampaignStatus, UpdateCampaign } from "../../lib/types"
import { CardHeader } from "../common/card-header"
import { QueryState } from "../common/query-state"

const STATUS: Record<CampaignStatus, { label: string; color: "green" | "orange" | "grey" | "blue" }> = {
  sending: { label: "Sending", color: "blue" },
  paused: { label: "Paused", color: "orange" },
  cancelled: { label: "Cancelled", color: "grey" },
  completed: { label: "Completed", color: "green" },
}

/**
 * Update emails to past buyers: each campaign (a release of a file) with its
 * emails queued, sent, failed and unsubscribed; pause, resume, cancel, and
 * "Retry failed" with the failed addresses and the provider's reason. All of
 * the store's campaigns, or one asset's (`assetId`: the variant widget can
 * include it as it is).
 */
export const UpdateCampaignsPanel = ({ assetId }: { assetId?: string }) => {
  const query = useUpdateCampaigns(assetId)
  const campaigns = query.data?.update_campaigns ?? []
  return (
    <Container className="divide-y p-0" data-testid="dd-campaigns">
      <CardHeader
        title="Update emails"
        description="One email per buyer address per release, sent in the background within the store's emails per minute (Settings › Digital delivery)."
      />
      <QueryState query={query} loading="Loading campaigns…" errorLabel="Could not load the update campaigns" retry>
        {campaigns.length === 0 ? (
          <Text size="small" className="text-ui-fg-subtle px-6 py-4" data-testid="dd-campaigns-empty">
            No update emails yet. Publish a release with “email buyers” to start one.
          </Text>
        ) : (
          <div className="overflow-x-auto">
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>Release</Table.HeaderCell>
                  <Table.HeaderCell>Status</Table.HeaderCell>
                  <Table.HeaderCell>Queued · Sent · Failed · Unsubscribed</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">Actions</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {campaigns.map((c) => (
                  <CampaignRow key={c.id} campaign={c} />
                ))}
              </Table.Body>
            </Table>
          </div>
        )}
      </QueryState>
    </Container>
  )
}

const CampaignRow = ({ campaign: c }: { campaign: UpdateCampaign }) => {
  const act = useCampaignAction()
  const prompt = usePrompt()
  const [showFailed, setShowFailed] = useState(false)
  const run = (action: "pause" | "resume" | "cancel" | "retry_failed", done: string) =>
    act.mutate(
      { id: c.id, action },
      { onSuccess: () => toast.success(done), onError: (err) => toast.error("Not changed", { description: errorMessage(err) }) }
    )
  const cancel = async () => {
    const ok = await prompt({
      title: "Cancel these update emails?",
      description: `${c.counts.queued + c.counts.sending} emails not sent yet will not be sent. Emails already sent stay sent.`,
      confirmText: "Cancel emails",
      cancelText: "Keep sending",
    })
    if (ok) run("cancel", "Update emails cancelled")
  }
  const status = STATUS[c.status] ?? STATUS.sending
  const waiting = c.counts.queued + c.counts.sending
  return (
    <>
      <Table.Row data-testid={`dd-campaign-${c.id}`} data-status={c.status}>
        <Table.Cell>
          <div className="flex flex-col">
            <Text size="small" weight="plus">
              {c.asset_title ?? c.asset_id} · version {c.version}
            </Text>
            <Text size="xsmall" className="text-ui-fg-subtle">
              {new Date(c.created_at).toLocaleString()}
              {c.include_expired ? " · expired links included" : ""}
            </Text>
          </div>
        </Table.Cell>
        <Table.Cell>
          <Badge size="2xsmall" color={status.color}>
            {status.label}
          </Badge>
        </Table.Cell>
        <Table.Cell data-testid="dd-campaign-counts">
          {waiting} · {c.counts.sent} · {c.counts.failed} · {c.counts.unsubscribed}
        </Table.Cell>
        <Table.Cell className="text-right">
          <div className="flex justify-end gap-x-2">
            {c.status === "sending" && (
              <Button size="small" variant="secondary" onClick={() => run("pause", "Update emails paused")} data-testid="dd-campaign-pause">
                Pause
              </Button>
            )}
            {c.status === "paused" && (
              <Button size="small" variant="secondary" onClick={() => run("resume", "Update emails resumed")} data-testid="dd-campaign-resume">
                Resume
              </Button>
            )}
            {c.counts.failed > 0 && c.status !== "cancelled" && (
              <>
                <Button size="small" variant="transparent" onClick={() => setShowFailed((v) => !v)}>
                  {showFailed ? "Hide failed" : `Show ${c.counts.failed} failed`}
                </Button>
                <Button size="small" variant="secondary" onClick={() => run("retry_failed", "Failed emails queued again")} data-testid="dd-campaign-retry">
                  Retry failed
                </Button>
              </>
            )}
            {(c.status === "sending" || c.status === "paused") && (
              <Button size="small" variant="danger" onClick={cancel} data-testid="dd-campaign-cancel">
                Cancel
              </Button>
            )}
          </div>
        </Table.Cell>
      </Table.Row>
      {showFailed && (
        <Table.Row>
          <td colSpan={4} className="px-6">
            <FailedList campaignId={c.id} />
          </td>
        </Table.Row>
      )}
    </>
  )
}

const FailedList = ({ campaignId }: { campaignId: string }) => {
  const query = useCampaignRecipients(campaignId, "failed")
  return (
    <QueryState query={query} loading="Loading…" errorLabel="Could not load the failed emails">
      <ul className="flex flex-col gap-y-1 py-2" data-testid="dd-campaign-failed">
        {(query.data?.recipients ?? []).map((r) => (
          <li key={r.id}>
            <Text size="small">
              {r.email} — {r.attempts} attempts{r.last_error ? `: ${r.last_error}` : ""}
            </Text>
          </li>
        ))}
      </ul>
    </QueryState>
  )
}
