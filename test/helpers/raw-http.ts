/** A raw TCP HTTP/1.1 client for tests that control exactly what is sent on one connection. */

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
