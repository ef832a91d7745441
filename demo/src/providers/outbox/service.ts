import { AbstractNotificationProviderService, MedusaError } from "@medusajs/framework/utils"
import type { ProviderSendNotificationDTO, ProviderSendNotificationResultsDTO } from "@medusajs/framework/types"
import crypto from "crypto"
import fs from "fs/promises"
import path from "path"

export type OutboxEmail = {
  id: string
  to: string
  subject: string
  html: string
  text: string
  template: string
  created_at: string
}

/**
 * A notification provider for the demo: every email is kept as a JSON file
 * instead of being sent. Addresses under `.invalid` (a top-level domain that
 * never exists, RFC 2606) are refused, as a real provider refuses an address
 * it cannot deliver to: the demo can show failed emails and their retries.
 */
export class OutboxNotificationService extends AbstractNotificationProviderService {
  static identifier = "outbox"
  protected dir: string

  static validateOptions(options: Record<string, unknown>) {
    if (!options?.dir) throw new MedusaError(MedusaError.Types.INVALID_DATA, "outbox provider: option `dir` is required")
  }

  constructor(_: unknown, options: { dir: string }) {
    super()
    this.dir = options.dir
  }

  async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    if (/\.invalid$/i.test(notification.to.trim())) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `outbox: ${notification.to} cannot receive email (the .invalid domain does not exist)`)
    }
    const created = new Date()
    const id = `${created.getTime()}-${crypto.randomBytes(4).toString("hex")}`
    const email: OutboxEmail = {
      id,
      to: notification.to,
      subject: notification.content?.subject ?? notification.template,
      html: notification.content?.html ?? "",
      text: notification.content?.text ?? "",
      template: notification.template,
      created_at: created.toISOString(),
    }
    await fs.mkdir(this.dir, { recursive: true })
    await fs.writeFile(path.join(this.dir, `${id}.json`), JSON.stringify(email, null, 2))
    return { id }
  }
}
