import type { Metadata } from "next"
import type { ReactNode } from "react"
import "../styles/globals.css"

export const metadata: Metadata = {
  title: "Digital Demo Store",
  description: "An example storefront for medusa-plugin-digital-delivery",
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
