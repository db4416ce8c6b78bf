/**
 * What the alerts say: the startup message (what happened, version, APP_ENV, records and
 * source dates, host, workers, time) and the error alert (route, method, error type,
 * request id, time, message), as specs that format.ts escapes, cuts and renders.
 */
import { bound, iso, type MessageSpec, type Mode, render } from './format.ts'

/** Source files listed in a startup message; more are summarised as "… and N more". */
const MAX_SOURCE_LINES = 20

/** What a startup alert reports. `time` is when the service started. */
export type StartupInfo = {
  /** What happened: "deployed …", "restarted", "restarted after an unclean exit; …". @default 'started' */
  event?: string
  version: string
  appEnv: string
  /** Ingredient records in the database. */
  records: number
  /** Source files of the database and their dates (`null` when unknown). */
  sourceDates: ReadonlyArray<{ file: string; date: string | null }>
  host: string
  workers: number
  time: Date
  deployId?: string
}

/** One 500. `route` is the route pattern when known, else the path. */
export type ErrorInfo = { route: string; method?: string; errorType: string; message: string; requestId?: string; status?: number }

const numberFormat = new Intl.NumberFormat('en-US')

export function startupSpec(info: StartupInfo, serviceName: string): MessageSpec {
  const lines = info.sourceDates
    .slice(0, MAX_SOURCE_LINES)
    .map((s) => `• ${bound(s.file, 200)}: ${s.date ? bound(s.date, 40) : 'date unknown'}`)
  if (info.sourceDates.length > MAX_SOURCE_LINES) lines.push(`… and ${info.sourceDates.length - MAX_SOURCE_LINES} more`)
  return {
    title: `🚀 ${serviceName} ${info.event ?? 'started'}`,
    fields: [
      { label: 'version', value: bound(info.version), code: true },
      { label: 'APP_ENV', value: info.appEnv, code: true },
      { label: 'deploy', value: info.deployId, code: true },
      { label: 'records', value: numberFormat.format(info.records) },
      { label: 'host', value: bound(info.host), code: true },
      { label: 'workers', value: String(info.workers) },
      { label: 'time', value: info.time.toISOString() },
      { label: 'sources', value: info.sourceDates.length === 0 ? 'none listed' : `${info.sourceDates.length} file(s)` },
    ],
    lines,
  }
}

/** An ErrorInfo with every string bounded, as kept in the queue and the dedupe map. */
export type StoredError = Required<ErrorInfo>

export function storeError(info: ErrorInfo): StoredError {
  return {
    route: bound(info.route),
    method: bound(info.method ?? '', 32),
    errorType: bound(info.errorType, 512),
    message: bound(info.message),
    requestId: bound(info.requestId ?? '', 256),
    status: info.status ?? 500,
  }
}

export function errorSpec(e: StoredError, serviceName: string, at: number, notes: string[], summary = false): MessageSpec {
  return {
    title: summary ? `🔁 ${serviceName}: repeated errors` : `🔥 ${serviceName}: HTTP ${e.status}`,
    fields: [
      { label: 'route', value: e.route, code: true },
      { label: 'method', value: e.method },
      { label: 'error', value: e.errorType, code: true },
      { label: 'request id', value: summary ? undefined : e.requestId, code: true },
      { label: summary ? 'first seen' : 'time', value: iso(at) },
    ],
    notes,
    body: { label: 'message', value: e.message },
  }
}

/** The startup message exactly as the alerter sends it (HTML, or the plain-text fallback). Pure. */
export function renderStartupMessage(info: StartupInfo, opts: { mode?: Mode; serviceName?: string } = {}): string {
  return render(startupSpec(info, opts.serviceName ?? 'kbeauty-api'), opts.mode ?? 'html')
}

/** An error alert exactly as the alerter sends it (`at`: epoch ms shown as the time). Pure. */
export function renderErrorMessage(info: ErrorInfo, opts: { at: number; mode?: Mode; serviceName?: string; notes?: string[] }): string {
  return render(errorSpec(storeError(info), opts.serviceName ?? 'kbeauty-api', opts.at, opts.notes ?? []), opts.mode ?? 'html')
}
