import type { Preview } from "medusa-plugin-digital-delivery/client"
import { formatSize } from "../../format"

/** Only the plugin's own http(s) URLs become a src or a link. */
const safeUrl = (url: string) => (/^https?:\/\//i.test(url) ? url : null)

/**
 * Public samples (a clip, a trailer, screenshots, the first pages) played or
 * shown where they are: audio and video in the browser's player (seeking asks
 * the plugin for byte ranges), images inline, anything else (a PDF's first
 * pages) as "Read a sample", which the browser opens inline in a new tab.
 */
export default function Previews({ previews, label = "Previews" }: { previews: Preview[]; label?: string }) {
  const shown = previews.filter((p) => safeUrl(p.url))
  if (shown.length === 0) return null
  return (
    <section className="previews" aria-label={label} data-testid="previews">
      {shown.map((preview) => (
        <figure key={preview.id} className="preview" data-testid="preview" data-type={preview.mime_type}>
          <PreviewMedia preview={preview} />
          <figcaption>
            {preview.title} <span className="muted">{formatSize(preview.size)}</span>
          </figcaption>
        </figure>
      ))}
    </section>
  )
}

function PreviewMedia({ preview }: { preview: Preview }) {
  const url = safeUrl(preview.url)!
  const type = preview.mime_type.toLowerCase()
  if (type.startsWith("audio/")) return <audio controls preload="metadata" src={url} />
  if (type.startsWith("video/")) return <video controls preload="metadata" playsInline src={url} />
  // A preview is public and cacheable: a plain <img>, no image optimizer in between.
  if (type.startsWith("image/")) return <img src={url} alt={preview.title} loading="lazy" />
  return (
    <a href={url} target="_blank" rel="noopener noreferrer">
      Read a sample
    </a>
  )
}
