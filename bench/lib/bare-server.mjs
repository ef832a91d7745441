// The baseline: a bare Node HTTP server streaming files from disk with
// fs.createReadStream (1 MiB chunks), honouring a single Range. Run as
// `node bare-server.mjs <dir> <port>`; prints "ready" when listening.
import fs from "node:fs"
import http from "node:http"
import path from "node:path"
import { pipeline } from "node:stream/promises"

const [dir, port] = process.argv.slice(2)
http
  .createServer(async (req, res) => {
    const file = path.join(dir, path.basename(decodeURIComponent(new URL(req.url, "http://x").pathname)))
    let stat
    try {
      stat = fs.statSync(file)
    } catch {
      res.writeHead(404).end()
      return
    }
    let start = 0
    let end = stat.size - 1
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "")
    if (range) {
      start = Number(range[1])
      end = range[2] ? Math.min(Number(range[2]), end) : end
    }
    res.writeHead(range ? 206 : 200, {
      "Content-Type": "application/octet-stream",
      "Content-Length": String(end - start + 1),
      ...(range ? { "Content-Range": `bytes ${start}-${end}/${stat.size}` } : {}),
    })
    await pipeline(fs.createReadStream(file, { start, end, highWaterMark: 1024 * 1024 }), res).catch(() => {})
  })
  .listen(Number(port), "127.0.0.1", () => console.log("ready"))
