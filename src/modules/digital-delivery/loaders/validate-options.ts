import type { LoaderOptions } from "@medusajs/framework/types"
import { resolveOptions } from "../utils/options"

/** Fails the boot with a message naming the option when the plugin options are invalid. */
export default async function validateOptionsLoader({ options }: LoaderOptions) {
  resolveOptions(options)
}
