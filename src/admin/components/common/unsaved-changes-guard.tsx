import { usePrompt } from "@medusajs/ui"
import { useEffect, useRef } from "react"
import { useBlocker } from "react-router-dom"

/**
 * While `when` holds, leaving the page asks first: a link or Back inside the
 * Admin opens Medusa's prompt (react-router's blocker), closing or reloading
 * the tab the browser's own dialog (beforeunload).
 */
export const UnsavedChangesGuard = ({ when }: { when: boolean }) => {
  const prompt = usePrompt()
  const blocker = useBlocker(({ currentLocation, nextLocation }) => when && currentLocation.pathname !== nextLocation.pathname)

  // One prompt per blocked navigation, however often the page renders meanwhile; the answer goes to the blocker as it is then.
  const latest = useRef(blocker)
  latest.current = blocker
  const asking = useRef(false)
  useEffect(() => {
    if (blocker.state !== "blocked" || asking.current) return
    asking.current = true
    void prompt({
      title: "Leave without saving?",
      description: "Your changes on this page are not saved. If you leave, they are lost.",
      confirmText: "Leave",
      cancelText: "Stay",
      variant: "confirmation",
    }).then((leave) => {
      asking.current = false
      const current = latest.current
      if (current.state !== "blocked") return
      if (leave) current.proceed()
      else current.reset()
    })
  }, [blocker.state, prompt])

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
