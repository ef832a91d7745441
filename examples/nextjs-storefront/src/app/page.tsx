import { DEFAULT_REGION } from "@lib/config"
import { redirect } from "next/navigation"

// The starter picks the country in its middleware; one redirect is enough here.
export const dynamic = "force-dynamic"

export default function Home() {
  redirect(`/${DEFAULT_REGION}`)
}
