import type { OrderDownloads as OrderDownloadsData } from "medusa-plugin-digital-delivery/client"
import { STATUS_WORDS, formatDate, formatSize, plural } from "../../format"
import EmailLinksButton from "../email-links-button"

const STATE_WORDS: Record<OrderDownloadsData["delivery_state"], string> = {
  none: "",
  awaiting_payment: "Your files will be ready as soon as your payment is confirmed; we will email you the links.",
  processing: "Payment received: your files are being prepared. Refresh this page in a moment.",
  delivered: "Your files are ready. We have emailed you the links.",
  canceled: "This order was canceled: its files are no longer available.",
}

/** The order confirmation's "Your downloads": state, files, links for the order's own customer. */
export default function OrderDownloads({ order }: { order: OrderDownloadsData }) {
  if (!order.has_digital_goods) return null
  return (
    <section className="order-downloads" data-testid="order-downloads" data-state={order.delivery_state}>
      <h2>Your downloads</h2>
      <p data-testid="delivery-state">{STATE_WORDS[order.delivery_state]}</p>
      <ul className="files">
        {order.files.map((file) => (
          <li key={file.id ?? file.asset_id} data-testid="order-file" data-status={file.status}>
            <div>
              <strong>{file.filename}</strong>
              <span className="muted"> {[file.format, formatSize(file.size)].filter(Boolean).join(", ")}</span>
              <div className="muted">
                {[
                  STATUS_WORDS[file.status],
                  file.downloads_left == null ? null : `${plural(file.downloads_left, "download", "downloads")} left`,
                  file.expires_at ? `until ${formatDate(file.expires_at)}` : null,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </div>
            </div>
            {file.download_url && (
              <a className="button" href={file.download_url}>
                Download
              </a>
            )}
          </li>
        ))}
      </ul>
      {order.license_keys.length > 0 && (
        <>
          <h3>License keys</h3>
          <ul className="files" data-testid="license-keys">
            {order.license_keys.map((k) => (
              <li key={k.id} data-testid="license-key" data-state={k.state}>
                <span className="muted">Key {k.unit_index + 1}</span>
                {k.key ? (
                  <code>{k.key}</code>
                ) : (
                  <span className="muted">
                    {k.state === "pending" ? "On its way: we will email it to you as soon as it is ready." : "Sent to the order's email address."}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {order.access === "anonymous" && order.can_resend && (
        <>
          <p className="muted">The links were sent to the order&apos;s email address. Lost the email?</p>
          <EmailLinksButton orderId={order.order_id} />
        </>
      )}
    </section>
  )
}
