import fs from "fs/promises"
import path from "path"
import type { OutboxEmail } from "../../../providers/outbox/service"

export function outboxDir() {
  return path.join(process.env.DEMO_DIR!, "outbox")
}

export async function readOutbox(): Promise<OutboxEmail[]> {
  const names = await fs.readdir(outboxDir()).catch(() => [] as string[])
  const emails = await Promise.all(
    names.filter((n) => n.endsWith(".json")).map(async (n) => JSON.parse(await fs.readFile(path.join(outboxDir(), n), "utf8")) as OutboxEmail)
  )
  return emails.sort((a, b) => b.created_at.localeCompare(a.created_at))
}

export function escapeHtml(value: string) {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
