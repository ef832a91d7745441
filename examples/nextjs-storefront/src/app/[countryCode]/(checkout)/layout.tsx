import Nav from "@modules/layout/templates/nav"
import type { ReactNode } from "react"

export default async function CheckoutLayout({ children, params }: { children: ReactNode; params: Promise<{ countryCode: string }> }) {
  const { countryCode } = await params
  return (
    <>
      <Nav countryCode={countryCode} />
      <main className="container">{children}</main>
    </>
  )
}
