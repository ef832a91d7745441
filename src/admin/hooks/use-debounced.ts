import { useEffect, useState } from "react"

/** `value`, once it has stopped changing for `ms` milliseconds (search boxes, live previews). */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return debounced
}
