/**
 * Raw HTTP/1.x over a real TCP socket (Bun.connect), for behaviour that depends on Bun's
 * HTTP parser: the request bytes go out exactly as written (no Host added, no target
 * normalised — curl and fetch would fix both). Loopback only; every read is bounded.
 */
export type RawResponse = {
  /** Status code from the status line (0 when the server closed without answering). */
  status: number
  /** Header names lower-cased; a repeated header keeps its last value. */
  headers: Record<string, string>
  body: string
  /** Everything received, as latin-1 text. */
  raw: string
}

/**
 * Sends `request` (a string, sent as latin-1 bytes so `\xff` stays one byte; or bytes) to
 * 127.0.0.1:`port` and reads until the server closes or `timeoutMs` passes (then the
 * connection is closed). Write requests with `Connection: close` or HTTP/1.0.
 */
export async function rawRequest(port: number, request: string | Uint8Array, timeoutMs = 5_000): Promise<RawResponse> {
  const bytes = typeof request === 'string' ? Uint8Array.from(request, (c) => c.charCodeAt(0) & 0xff) : request
  const chunks: Uint8Array[] = []
  const { promise, resolve } = Promise.withResolvers<void>()
  const socket = await Bun.connect({
    hostname: '127.0.0.1',
    port,
    socket: {
      data(_s, chunk) {
        chunks.push(new Uint8Array(chunk))
      },
      close() {
        resolve()
      },
      error() {
        resolve()
      },
    },
  })
  socket.write(bytes)
  socket.flush()
  const timer = setTimeout(() => {
    socket.end()
    resolve()
  }, timeoutMs)
  await promise
  clearTimeout(timer)
  return parseResponse(Buffer.concat(chunks))
}

/** Splits the first response in `data` into status, headers and body (by Content-Length when given). */
export function parseResponse(data: Buffer): RawResponse {
  const raw = data.toString('latin1')
  const end = data.indexOf('\r\n\r\n')
  if (end < 0) return { status: 0, headers: {}, body: '', raw }
  const lines = data.subarray(0, end).toString('latin1').split('\r\n')
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0)
  const headers: Record<string, string> = {}
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length'])
  const rest = data.subarray(end + 4)
  const body = (length === undefined ? rest : rest.subarray(0, length)).toString('utf8')
  return { status, headers, body, raw }
}

/** One keep-alive connection the test controls request by request (idle, half-sent, pipelined). */
export type RawClient = {
  send: (text: string) => void
  /** Resolves with the status of the next complete response (headers + Content-Length body). */
  nextResponse: (ms?: number) => Promise<{ status: number; head: string }>
  /** Resolves when the server closed the connection. */
  closed: Promise<void>
  isClosed: () => boolean
  end: () => void
}

export async function rawClient(port: number): Promise<RawClient> {
  let buf = ''
  let closed = false
  let onData: (() => void) | undefined
  let markClosed!: () => void
  const closedP = new Promise<void>((r) => (markClosed = r))
  const socket = await Bun.connect({
    hostname: '127.0.0.1',
    port,
    socket: {
      data(_s, d) {
        buf += d.toString('latin1')
        onData?.()
      },
      close() {
        closed = true
        markClosed()
        onData?.()
      },
      error() {},
    },
  })
  const take = (): { status: number; head: string } | null => {
    const end = buf.indexOf('\r\n\r\n')
    if (end < 0) return null
    const head = buf.slice(0, end)
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0)
    if (buf.length < end + 4 + length) return null
    buf = buf.slice(end + 4 + length)
    return { status: Number(head.split(' ')[1]), head }
  }
  const nextResponse = (ms = 5_000) =>
    new Promise<{ status: number; head: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no response within ${ms} ms`)), ms)
      const check = () => {
        const r = take()
        if (r) {
          clearTimeout(timer)
          onData = undefined
          resolve(r)
        } else if (closed) {
          clearTimeout(timer)
          reject(new Error('connection closed before a response'))
        }
      }
      onData = check
      check()
    })
  return { send: (t) => void socket.write(t), nextResponse, closed: closedP, isClosed: () => closed, end: () => socket.end() }
}
