import { AbstractNotificationProviderService } from "@medusajs/framework/utils"
import type { ProviderSendNotificationDTO, ProviderSendNotificationResultsDTO } from "@medusajs/framework/types"

/**
 * The bench host's email provider: accepts every email and answers at once
 * (no network, no log line), so the campaign figure measures the plugin and
 * the Notification Module, not a provider. Registered in bench/host only.
 */
export class NoopNotificationService extends AbstractNotificationProviderService {
  static identifier = "noop"
  private sent = 0

  async send(_notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    return { id: `noop_${++this.sent}` }
  }
}
