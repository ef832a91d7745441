import type { Logger } from "@medusajs/framework/types"
import type { DownloadRecord } from "../repositories/download-event"
import type { DownloadEventInput, Settlement } from "../types"

/**
 * Download records wait at most this long to be written with others. A
 * request that ended early gives back part of its reservation, which holds
 * part of the grant's allowance until it is written: short, so a buyer who
 * resumes at once finds it settled. A request that sent what it reserved
 * gives nothing back (its reservation becomes usage), and a refusal settles
 * nothing: their records can wait longer, in bigger batches (fewer
 * statements per download on a busy store).
 */
const GIVE_BACK_BATCH_MS = 10
const EVENT_BATCH_MS = 100
const EVENT_BATCH_MAX = 200

const FLUSH_ATTEMPTS = 30
const FLUSH_RETRY_MS = 1000

type QueuedDownload = DownloadRecord & { done: () => void; attempts: number }

/**
 * Writes how download requests ended (their events and settlements) in
 * batches, off the download's hot path: one statement within 10 ms when a
 * request gives back part of its reservation, within 100 ms otherwise, at once
 * when 200 are waiting. A reservation stays held until its settlement is
 * written, so admission stays on the safe side. One instance per module
 * service; its timer is unref'd and the service flushes it at shutdown.
 */
export class DownloadRecordWriter {
  private queue: QueuedDownload[] = []
  private timer: NodeJS.Timeout | null = null
  private dueAt = 0
  /** Writes started and not finished yet: a flush waits for them too. */
  private readonly writing = new Set<Promise<void>>()
  /** The timer's callback, bound to this writer when it is made (never to a proxy of the service). */
  private readonly flushLater = () => void this.flush()

  /** `write`: one batch in one statement (rejects when the database refuses it). */
  constructor(
    private readonly write: (batch: DownloadRecord[]) => Promise<void>,
    private readonly logger: Logger
  ) {}

  /** Queues a record; the promise resolves when it is written and never rejects. */
  record(event: DownloadEventInput, settlement?: Settlement | null): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push({ event, settlement: settlement ?? null, done: resolve, attempts: 0 })
      if (this.queue.length >= EVENT_BATCH_MAX) {
        void this.flush()
      } else {
        const givesBack = !!settlement && !settlement.whole && event.outcome !== "served"
        this.scheduleFlush(givesBack ? GIVE_BACK_BATCH_MS : EVENT_BATCH_MS)
      }
    })
  }

  /**
   * Writes everything queued now and resolves once every record queued before
   * the call is written, including those a flush already in flight took (a
   * usage reset relies on it; also called when the application shuts down).
   * A batch the database refused is kept and tried again a second later, up
   * to 30 times: a settlement is a buyer's usage.
   */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    const earlier = [...this.writing]
    const batch = this.queue.splice(0, this.queue.length)
    if (batch.length) {
      const write = this.writeBatch(batch)
      this.writing.add(write)
      void write.finally(() => this.writing.delete(write))
      earlier.push(write)
    }
    await Promise.all(earlier)
  }

  /** Flushes the queue in `ms`, unless a flush is already due sooner. */
  private scheduleFlush(ms: number) {
    const due = Date.now() + ms
    if (this.timer) {
      if (this.dueAt <= due) return
      clearTimeout(this.timer)
    }
    const timer = setTimeout(this.flushLater, ms)
    timer.unref?.()
    this.timer = timer
    this.dueAt = due
  }

  /** One batch in one statement; never rejects. */
  private async writeBatch(batch: QueuedDownload[]): Promise<void> {
    try {
      await this.write(batch)
    } catch (err) {
      const kept = batch.filter((b) => ++b.attempts < FLUSH_ATTEMPTS)
      this.logger.error(
        `digital-delivery: could not write ${batch.length} download record(s) (${kept.length} kept for a retry): ${(err as Error).message}`
      )
      for (const b of batch) if (b.attempts >= FLUSH_ATTEMPTS) b.done()
      if (kept.length) {
        this.queue.unshift(...kept)
        this.scheduleFlush(FLUSH_RETRY_MS)
      }
      return
    }
    for (const b of batch) b.done()
  }
}
