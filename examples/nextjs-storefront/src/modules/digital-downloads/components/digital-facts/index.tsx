import type { ProductVariantFacts } from "medusa-plugin-digital-delivery/client"
import { formatSize, plural } from "../../format"
import Previews from "../previews"

/** "PDF + EPUB · 12 MB · 5 downloads · 30 days", then the files and their previews, for one variant. */
export default function DigitalFacts({ variant }: { variant: ProductVariantFacts }) {
  const formats = [...new Set(variant.files.map((f) => f.format ?? (f.kind === "external_link" ? "Download link" : "File")))]
  const facts = [
    formats.join(" + "),
    formatSize(variant.total_size),
    variant.max_downloads == null ? "unlimited downloads" : plural(variant.max_downloads, "download", "downloads"),
    variant.validity_days == null ? "no expiry" : plural(variant.validity_days, "day", "days"),
  ].filter(Boolean)
  return (
    <section className="digital-facts" data-testid="digital-facts">
      <h2>Digital download</h2>
      <p className="facts" data-testid="digital-facts-summary">{facts.join(" · ")}</p>
      <ul>
        {variant.files.map((file, i) => (
          <li key={i}>
            {file.title} <span className="muted">{[file.format, formatSize(file.size)].filter(Boolean).join(", ")}</span>
            <Previews previews={file.previews} label={`Samples of ${file.title}`} />
          </li>
        ))}
      </ul>
      <p className="muted">Delivered by email as soon as your payment is confirmed.</p>
    </section>
  )
}
