import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updateDeliverySettingsStep, type UpdateDeliverySettingsInput } from "./steps"

export const updateDeliverySettingsWorkflowId = "update-delivery-settings"

/** Updates the store's delivery settings (defaults, trigger, alerts, email templates). */
export const updateDeliverySettingsWorkflow = createWorkflow(
  updateDeliverySettingsWorkflowId,
  (input: UpdateDeliverySettingsInput) => {
    return new WorkflowResponse(updateDeliverySettingsStep(input))
  }
)
