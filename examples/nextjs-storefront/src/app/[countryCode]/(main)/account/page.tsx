import { retrieveCustomer } from "@lib/data/customer"
import Login from "@modules/account/components/login"
import { redirect } from "next/navigation"

export default async function AccountPage({ params }: { params: Promise<{ countryCode: string }> }) {
  const { countryCode } = await params
  if (await retrieveCustomer()) redirect(`/${countryCode}/account/downloads`)
  return <Login countryCode={countryCode} />
}
