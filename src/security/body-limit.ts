/**
 * Request bodies read with a byte limit. Bun's own limit (`maxRequestBodySize`) answers a
 * bare 413 without this service's headers, so server.ts sets it out of reach and the limit
 * is enforced here: a declared Content-Length above it is refused before routing by the
 * input guard; a chunked body is counted while it is read and refused as soon as it passes
 * the limit (never buffered whole). JSON is decoded as strict UTF-8 (RFC 8259 §8.1).
 */
import { Elysia } from 'elysia'
import { ConfigError } from '../config-error.ts'
import { ProblemError } from '../errors.ts'

/**
 * Reads a body to its end, at most `maxBytes` bytes (UTF-8, fatal on invalid bytes).
 * @throws ProblemError payload_too_large (413) past `maxBytes`; invalid_body (400) when the bytes are not UTF-8
 */
export async function readBoundedText(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<string> {
  if (body === null) return ''
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      void reader.cancel().catch(() => {})
      throw new ProblemError('payload_too_large', `Request bodies are limited to ${maxBytes} bytes.`)
    }
    chunks.push(value)
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))
  } catch {
    throw new ProblemError('invalid_body', 'The request body is not valid UTF-8.')
  }
}

export type BodyLimitOptions = {
  /** Largest accepted body, bytes. */
  maxBytes: number
}

/**
 * Parses every JSON request body with `readBoundedText` (the input guard admits only
 * application/json bodies).
 * @throws ConfigError at build time when `maxBytes` is not a positive integer.
 */
export function bodyLimit(opts: BodyLimitOptions) {
  const { maxBytes } = opts
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) throw new ConfigError(['bodyLimit: maxBytes must be a positive integer'])
  return new Elysia({ name: 'security.body-limit', seed: maxBytes }).onParse(
    { as: 'global' },
    async function parseBoundedJson({ request }) {
      const text = await readBoundedText(request.body, maxBytes)
      try {
        return JSON.parse(text) as unknown
      } catch {
        throw new ProblemError('invalid_body', 'The request body is not valid JSON.')
      }
    },
  )
}
