// data-testids: dd-upload-row, dd-upload-progress, dd-upload-cancel
import { XMark } from "@medusajs/icons"
import { IconButton, Text } from "@medusajs/ui"
import type { Upload } from "../../hooks/use-asset-upload"
import { formatBytes } from "../../lib/format"
import { ProgressBar } from "../common/progress-bar"

/** The uploads in flight, each with its progress bar and a cancel button (announced politely to screen readers). */
export const UploadList = ({ uploads }: { uploads: Upload[] }) =>
  uploads.length === 0 ? null : (
    <div className="flex flex-col gap-y-3 px-6 py-4" aria-live="polite">
      {uploads.map((u) => (
        <div key={u.key} className="flex items-center gap-x-4" data-testid="dd-upload-row">
          <div className="flex min-w-0 flex-1 flex-col gap-y-1.5">
            <div className="flex items-center justify-between gap-x-2">
              <Text size="small" weight="plus" className="truncate">
                {u.replaces ? `Replacing with ${u.name}` : u.name}
              </Text>
              <Text size="small" className="text-ui-fg-subtle shrink-0 tabular-nums">
                {u.phase === "attaching" ? "Attaching…" : `${Math.round(u.progress * 100)}% of ${formatBytes(u.size)}`}
              </Text>
            </div>
            <ProgressBar value={u.progress} label={`Uploading ${u.name}`} />
          </div>
          <IconButton
            size="small"
            variant="transparent"
            aria-label={`Cancel the upload of ${u.name}`}
            data-testid="dd-upload-cancel"
            disabled={u.phase !== "uploading"}
            onClick={u.abort}
          >
            <XMark />
          </IconButton>
        </div>
      ))}
    </div>
  )
