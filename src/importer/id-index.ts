/** `Map<key, ids>` of name keys (or numbers) to ingredient ids, for the linkers. */
export type Index = Map<string, number[]>

/** Adds `id` under `key` once, keeping first-seen order. */
export function addTo(index: Index, key: string, id: number): void {
  const ids = index.get(key)
  if (!ids) index.set(key, [id])
  else if (!ids.includes(id)) ids.push(id)
}
