import { listProducts } from "@lib/data/products"
import { getRegion } from "@lib/data/regions"
import { formatMoney } from "@lib/util/money"
import Link from "next/link"
import { notFound } from "next/navigation"

export default async function StorePage({ params }: { params: Promise<{ countryCode: string }> }) {
  const { countryCode } = await params
  const region = await getRegion(countryCode)
  if (!region) notFound()
  const products = await listProducts(region.id)
  return (
    <>
      <h1>All products</h1>
      <ul className="grid">
        {products.map((p) => {
          const price = p.variants?.[0]?.calculated_price
          return (
            <li key={p.id} className="card">
              <Link href={`/${countryCode}/products/${p.handle}`}>
                <strong>{p.title}</strong>
              </Link>
              <span className="muted">{formatMoney(price?.calculated_amount, price?.currency_code ?? undefined)}</span>
            </li>
          )
        })}
      </ul>
    </>
  )
}
