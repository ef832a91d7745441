import type { DigitalDownload } from "medusa-plugin-digital-delivery/client"
import { STATUS_WORDS, formatDate, formatSize, plural } from "../../format"

/**
 * The account's "Downloads": every file the customer bought, its state and a
 * Download button while it can be downloaded. `href(id)` is the route that
 * asks for a fresh link and sends the browser to it.
 */
export default function DownloadsList({ downloads, href }: { downloads: DigitalDownload[]; href: (id: string) => string }) {
  if (!downloads.length) return <p>You have no downloads yet.</p>
  return (
    <ul className="files" data-testid="downloads-list">
      {downloads.map((d) => (
        <li key={d.id} data-testid="download" data-status={d.status}>
          <div>
            <strong>{d.file.filename}</strong> <span className="muted">{formatSize(d.file.size)}</span>
            <div className="muted">
              <span className={`badge ${d.status}`} data-testid="download-status">
                {STATUS_WORDS[d.status]}
              </span>{" "}
              {[
                d.remaining_downloads == null ? "unlimited downloads" : `${plural(d.remaining_downloads, "download", "downloads")} left`,
                d.expires_at ? `${d.status === "expired" ? "ended" : "until"} ${formatDate(d.expires_at)}` : "no expiry",
                `order ${d.order_id.slice(-6)}`,
              ].join(" · ")}
            </div>
          </div>
          {d.status === "active" && (
            <a className="button" href={href(d.id)}>
              Download
            </a>
          )}
        </li>
      ))}
    </ul>
  )
}
