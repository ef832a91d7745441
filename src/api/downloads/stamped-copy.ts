import type { ILockingModule, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type DigitalDeliveryModuleService from "../../modules/digital-delivery/service"
import { createStampedCopyWorkflow } from "../../workflows/create-stamped-copy"

/**
 * Makes the grant's stamped copy of a release, once: the first download of a
 * stamped PDF waits for it (0.7 s for a 300-page, 100 MB book: the bench's
 * "stamping" figure), and concurrent first downloads, on any server
 * instance, wait on the same lock (Medusa's Locking Module: Redis or
 * Postgres in production) and then find the copy made. Later downloads
 * never come here: the admission statement serves the copy.
 */
export async function ensureStampedCopy(
  scope: MedusaContainer,
  service: DigitalDeliveryModuleService,
  grantId: string,
  version: number
): Promise<void> {
  const locking = scope.resolve<ILockingModule>(Modules.LOCKING)
  const { timeout_seconds } = service.getOptions().stamping
  await locking.execute(
    `digital-delivery:stamp:${grantId}:${version}`,
    () => createStampedCopyWorkflow(scope).run({ input: { grant_id: grantId, version } }),
    // Long enough for the holder to stamp (and to queue for a worker first).
    { timeout: 2 * timeout_seconds + 60 }
  )
}
