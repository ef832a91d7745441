import { usePrompt } from "@medusajs/ui"
import { useEffect } from "react"
import { useBlocker } from "react-router-dom"

/**
 * While `when` holds, leaving the page asks first: a link or Back inside the
 * Admin opens Medusa's prompt (react-router's blocker), closing or reloading
 * the tab the browser's own dialog (beforeunload).
 */
export const UnsavedChangesGuard = ({ when }: { when: boolean }) => {
  const prompt = usePrompt()
  const blocker = useBlocker(({ currentLocation, nextLocation }) => when && currentLocation.pathname !== nextLocation.pathname)

  useEffect(() => {
    if (blocker.state !== "blocked") return
    let active = true
    void prompt({
      title: "Leave without saving?",
      description: "Your changes on this page are not saved. If you leave, they are lost.",
      confirmText: "Leave",
      cancelText: "Stay",
      variant: "confirmation",
    }).then((leave) => {
      if (!active) return
      if (leave) blocker.proceed?.()
      else blocker.reset?.()
    })
    return () => {
      active = false
    }
  }, [blocker, prompt])

  useEffect(() => {
    if (!when) return
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault()
      e.returnValue = ""
    }
    window.addEventListener("beforeunload", onBeforeUnload)
    return () => window.removeEventListener("beforeunload", onBeforeUnload)
  }, [when])

  return null
}
