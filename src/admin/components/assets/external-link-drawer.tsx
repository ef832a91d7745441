// data-testids: dd-link-drawer, dd-link-url, dd-link-title, dd-link-save
import { Button, Drawer, Input, Text, toast } from "@medusajs/ui"
import { useEffect, useState, type FormEvent } from "react"
import { useCreateExternalLink } from "../lib/queries"
import { errorMessage } from "../lib/sdk"
import { Field } from "./asset-edit-drawer"

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

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!/^https?:\/\/\S+$/i.test(url.trim())) return setError("Enter an http(s) URL.")
    if (!title.trim()) return setError("Enter a title: buyers see it as the file name.")
    setError(null)
    create.mutate(
      { external_url: url.trim(), title: title.trim() },
      {
        onSuccess: () => {
          toast.success("Link added", { description: title.trim() })
          onClose()
        },
        onError: (err) => {
          setError(errorMessage(err))
          toast.error("Could not add the link", { description: errorMessage(err) })
        },
      }
    )
  }

  return (
    <Drawer open={open} onOpenChange={(o) => !o && onClose()}>
      <Drawer.Content data-testid="dd-link-drawer">
        <form onSubmit={submit} className="flex h-full flex-col overflow-hidden">
          <Drawer.Header>
            <Drawer.Title>Add external link</Drawer.Title>
            <Drawer.Description className="sr-only">A download hosted elsewhere</Drawer.Description>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-6">
            <Field id="dd-link-url" label="URL" hint="Buyers are redirected here after their link is checked and counted.">
              <Input
                id="dd-link-url"
                data-testid="dd-link-url"
                type="url"
                placeholder="https://downloads.example.com/app.dmg"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
              />
            </Field>
            <Field id="dd-link-title" label="Title">
              <Input id="dd-link-title" data-testid="dd-link-title" value={title} onChange={(e) => setTitle(e.target.value)} />
            </Field>
            {error && (
              <Text size="small" className="text-ui-fg-error" role="alert">
                {error}
              </Text>
            )}
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">
                Cancel
              </Button>
            </Drawer.Close>
            <Button size="small" type="submit" isLoading={create.isPending} data-testid="dd-link-save">
              Add link
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}
