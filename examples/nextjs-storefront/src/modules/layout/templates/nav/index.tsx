import { retrieveCart } from "@lib/data/cart"
import { retrieveCustomer } from "@lib/data/customer"
import Link from "next/link"

export default async function Nav({ countryCode }: { countryCode: string }) {
  const [customer, cart] = await Promise.all([retrieveCustomer(), retrieveCart()])
  const items = cart?.items?.reduce((n, item) => n + item.quantity, 0) ?? 0
  return (
    <header className="nav">
      <div className="container row">
        <Link href={`/${countryCode}`} className="brand">
          Digital Demo Store
        </Link>
        <nav className="row">
          <Link href={`/${countryCode}/account${customer ? "/downloads" : ""}`}>{customer ? "Downloads" : "Account"}</Link>
          <Link href={`/${countryCode}/checkout`}>Cart ({items})</Link>
        </nav>
      </div>
    </header>
  )
}
