import { listPaymentProviders, retrieveCart } from "@lib/data/cart"
import { retrieveCustomer } from "@lib/data/customer"
import { formatMoney } from "@lib/util/money"
import CheckoutForm from "@modules/checkout/components/checkout-form"

export default async function CheckoutPage({ params }: { params: Promise<{ countryCode: string }> }) {
  const { countryCode } = await params
  const [cart, customer] = await Promise.all([retrieveCart(), retrieveCustomer()])
  if (!cart?.items?.length) return <h1>Your cart is empty</h1>
  const providers = await listPaymentProviders(cart.region_id!)
  return (
    <>
      <h1>Checkout</h1>
      <ul className="files">
        {cart.items.map((item) => (
          <li key={item.id}>
            <span>
              {item.product_title} <span className="muted">× {item.quantity}</span>
            </span>
            <span>{formatMoney(item.total, cart.currency_code)}</span>
          </li>
        ))}
        <li>
          <strong>Total</strong>
          <strong data-testid="cart-total">{formatMoney(cart.total, cart.currency_code)}</strong>
        </li>
      </ul>
      <CheckoutForm
        countryCode={countryCode}
        email={cart.email ?? customer?.email ?? ""}
        countries={(cart.region?.countries ?? []).map((c) => ({ code: c.iso_2 ?? "", name: c.display_name ?? c.iso_2 ?? "" }))}
        providers={providers.map((p) => p.id)}
      />
    </>
  )
}
