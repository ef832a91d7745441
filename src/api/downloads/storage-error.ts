/**
 * A storage error's message as the logs may keep it: what failed (the error
 * code and its words), never where. File-local's errors name the stored
 * file's path (its storage key), S3's may carry a signed URL; logs must hold
 * neither (the asset id beside it says which file).
 */
export function storageErrorForLog(err: Error): string {
  return (err?.message ?? String(err))
    .replace(/\bhttps?:\/\/\S+/gi, "…")
    .replace(/'[^']*'|"[^"]*"/g, "'…'")
    .replace(/(?:\b[A-Za-z]:)?[\\/][^\s'"()]*[\\/][^\s'"()]*/g, "…")
}
