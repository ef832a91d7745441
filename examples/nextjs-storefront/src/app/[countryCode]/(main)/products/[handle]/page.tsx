import { addToCart } from "@lib/data/cart"
import { productDigitalFacts } from "@lib/data/digital-downloads"
import { getProductByHandle } from "@lib/data/products"
import { getRegion } from "@lib/data/regions"
import { formatMoney } from "@lib/util/money"
import DigitalFacts from "@modules/digital-downloads/components/digital-facts"
import Previews from "@modules/digital-downloads/components/previews"
import { notFound } from "next/navigation"

type Props = { params: Promise<{ countryCode: string; handle: string }> }

export default async function ProductPage({ params }: Props) {
  const { countryCode, handle } = await params
  const region = await getRegion(countryCode)
  if (!region) notFound()
  const product = await getProductByHandle(handle, region.id)
  if (!product) notFound()
  const digital = await productDigitalFacts(product.id)
  return (
    <article className="product">
      <h1>{product.title}</h1>
      <p>{product.description}</p>
      {digital.ok && <Previews previews={digital.data.previews} label={`Samples of ${product.title}`} />}
      {product.variants?.map((variant) => {
        const facts = digital.ok ? digital.data.variants.find((v) => v.variant_id === variant.id) : undefined
        const price = variant.calculated_price
        return (
          <div key={variant.id} className="variant card">
            <div className="row">
              <strong>{variant.title}</strong>
              <span>{formatMoney(price?.calculated_amount, price?.currency_code ?? undefined)}</span>
            </div>
            {facts && <DigitalFacts variant={facts} />}
            <form action={addToCart}>
              <input type="hidden" name="country_code" value={countryCode} />
              <input type="hidden" name="variant_id" value={variant.id} />
              <button type="submit">Add to cart</button>
            </form>
          </div>
        )
      })}
    </article>
  )
}
