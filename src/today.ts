/**
 * Today's date in UTC as YYYY-MM-DD: the date statuses are computed for when a request
 * gives no `as_of` (rules with a later start date are `upcoming`). Formatted once a day,
 * not once a request: it is read on every look-up and in every cache key.
 */
let todayIso = ''
let tomorrowMs = 0

/** Today in UTC, ISO 8601 (YYYY-MM-DD). */
export function utcToday(): string {
  const now = Date.now()
  if (now >= tomorrowMs) {
    todayIso = new Date(now).toISOString().slice(0, 10)
    tomorrowMs = Date.parse(todayIso) + 86_400_000
  }
  return todayIso
}
