import { Heading, Text } from "@medusajs/ui"
import type { ReactNode } from "react"

/** The first row of a card: its title, an optional line under it, and what stands at its right (actions, a count). */
export const CardHeader = ({
  title,
  level = "h2",
  description,
  children,
}: {
  title: string
  level?: "h1" | "h2"
  description?: ReactNode
  children?: ReactNode
}) => (
  <div className="flex items-center justify-between gap-x-4 px-6 py-4">
    <div>
      <Heading level={level}>{title}</Heading>
      {description && (
        <Text size="small" className="text-ui-fg-subtle">
          {description}
        </Text>
      )}
    </div>
    {children && <div className="flex items-center gap-x-2">{children}</div>}
  </div>
)
