import { orderDownloads } from "@lib/data/digital-downloads"
import OrderDownloads from "@modules/digital-downloads/components/order-downloads"
import type { Metadata } from "next"
import { notFound } from "next/navigation"

export const metadata: Metadata = { title: "Order confirmed" }

type Props = { params: Promise<{ countryCode: string; id: string }> }

// The starter's confirmation page reads the order itself; the digital part is one more call.
export default async function OrderConfirmedPage({ params }: Props) {
  const { id } = await params
  const downloads = await orderDownloads(id)
  if (!downloads.ok && downloads.reason === "not_found") notFound()
  return (
    <>
      <h1>Thank you!</h1>
      <p>Your order was placed successfully.</p>
      {downloads.ok ? <OrderDownloads order={downloads.data} /> : <p className="error">Your downloads cannot be shown right now.</p>}
    </>
  )
}
