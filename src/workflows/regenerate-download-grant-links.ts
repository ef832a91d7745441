import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ActivityActor } from "../modules/digital-delivery/types"
import { regenerateDownloadGrantLinksStep } from "./steps"

export const regenerateDownloadGrantLinksWorkflowId = "regenerate-download-grant-links"

/** Issues new links for grants; the old links stop working (e.g. a link was shared publicly). */
export const regenerateDownloadGrantLinksWorkflow = createWorkflow(
  regenerateDownloadGrantLinksWorkflowId,
  (input: { ids: string[]; actor?: ActivityActor | null }) => {
    return new WorkflowResponse(regenerateDownloadGrantLinksStep({ ids: input.ids, actor: input.actor }))
  }
)
