/** `host:port` as written in URLs (RFC 3986 §3.2.2): an IPv6 address in brackets, `[::1]:8000`. */
export function formatHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}
