// data-testids: dd-link-drawer, dd-link-url, dd-link-title, dd-link-save
import { useEffect, useState } from "react"
import { useCreateExternalLink } from "../../hooks/api"
import { DrawerForm, saveFeedback } from "../common/drawer-form"
import { FormError, InputField } from "../common/field"

/** Adds an external link (hosted elsewhere; the download route redirects after its checks) to the variant. */
export const ExternalLinkDrawer = ({ variantId, open, onClose }: { variantId: string; open: boolean; onClose: () => void }) => {
  const create = useCreateExternalLink(variantId)
  const [url, setUrl] = useState("")
  const [title, setTitle] = useState("")
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (open) {
      setUrl("")
      setTitle("")
      setError(null)
    }
  }, [open])

  const submit = () => {
    if (!/^https?:\/\/\S+$/i.test(url.trim())) return setError("Enter an http(s) URL.")
    if (!title.trim()) return setError("Enter a title: buyers see it as the file name.")
    setError(null)
    create.mutate(
      { external_url: url.trim(), title: title.trim() },
      saveFeedback({ success: "Link added", description: title.trim(), failure: "Could not add the link", onClose, setError })
    )
  }

  return (
    <DrawerForm
      open={open}
      onClose={onClose}
      title="Add external link"
      description="A download hosted elsewhere"
      hideDescription
      onSubmit={submit}
      isPending={create.isPending}
      submitLabel="Add link"
      testId="dd-link-drawer"
      submitTestId="dd-link-save"
    >
      <InputField
        id="dd-link-url"
        label="URL"
        hint="Buyers are redirected here after their link is checked and counted."
        type="url"
        placeholder="https://downloads.example.com/app.dmg"
        value={url}
        onChange={setUrl}
      />
      <InputField id="dd-link-title" label="Title" value={title} onChange={setTitle} />
      <FormError error={error} />
    </DrawerForm>
  )
}
