/**
 * Seeds for Elysia plugins whose options hold functions or objects. Elysia drops a second
 * `.use()` of a plugin with the same name and seed (its checksum hashes the seed as JSON,
 * where functions vanish), so options that differ only in a callback need a seed that
 * tells them apart: each distinct object or function gets a number, the same one each time.
 */
const ids = new WeakMap<object, number>()
let next = 1

/** A JSON-stable seed for `values`: plain values as they are, objects and functions by identity. */
export function pluginSeed(...values: unknown[]): string {
  return JSON.stringify(
    values.map((v) => {
      if ((typeof v !== 'object' && typeof v !== 'function') || v === null) return v ?? null
      let id = ids.get(v)
      if (id === undefined) {
        id = next++
        ids.set(v, id)
      }
      return `#${id}`
    }),
  )
}
