/**
 * A Map that holds at most `max` entries: adding one more drops the oldest
 * (insertion order). For caches of values that never go stale, where a
 * bounded memory matters more than keeping the most used.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super()
  }

  override set(key: K, value: V): this {
    if (this.size >= this.max && !this.has(key)) this.delete(this.keys().next().value as K)
    return super.set(key, value)
  }
}
