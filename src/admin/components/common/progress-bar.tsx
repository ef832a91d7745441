import { clx } from "@medusajs/ui"

/** A thin determinate progress bar (Medusa UI has none), accessible as a progressbar. */
export const ProgressBar = ({ value, label, className }: { value: number; label: string; className?: string }) => {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100)
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      data-testid="dd-upload-progress"
      className={clx("bg-ui-bg-switch-off h-1.5 w-full overflow-hidden rounded-full", className)}
    >
      <div className="bg-ui-fg-interactive h-full rounded-full" style={{ width: `${percent}%`, transition: "width 150ms linear" }} />
    </div>
  )
}
