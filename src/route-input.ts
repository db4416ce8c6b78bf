/**
 * Query and path parameters of the GET routes, validated by their zod schemas inside the
 * handler instead of by Elysia's route `query`/`params` options. Why: Elysia compiles a
 * route whose schema is a Standard Schema (zod) into an async handler, a promise and a
 * microtask per request; validating here keeps the handler synchronous (≈ 4–6 µs of
 * CPU per exact look-up, bench/ issue #15) and lets a cached answer skip validation
 * altogether (ingredients/answer-cache.ts: its key is the raw query the schema passed).
 * The same schemas document the parameters (`openApiParameters`), so the docs and the
 * validation cannot disagree. Problems are the catalogue's `invalid_parameter` (400).
 */
import { z } from 'zod'
import { invalidParameters } from './errors.ts'

type ObjectSchema = z.ZodObject

/**
 * The query string as plain strings, one per name (URLSearchParams, WHATWG URL standard).
 * Not Elysia's parser: for standard-schema routes it splits values at commas and
 * JSON-parses values in [] or {} — "1,2-HEXANEDIOL" would arrive as ["1", "2-HEXANEDIOL"].
 * Names are unique here: the input guard refused repeated parameters.
 */
export function plainQuery(url: string): Record<string, string> {
  const q = url.indexOf('?')
  return q < 0 ? {} : Object.fromEntries(new URLSearchParams(url.slice(q + 1)))
}

/**
 * `value` parsed by `schema` (its output type: transforms applied).
 * @throws ProblemError invalid_parameter (400) naming each failing parameter with its message.
 */
export function validInput<S extends ObjectSchema>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  throw invalidParameters(r.error.issues.map((i) => ({ parameter: i.path.map(String).join('/'), message: i.message })))
}

/** The request's query string parsed by `schema` (plainQuery, then validInput). @throws as validInput. */
export function validQuery<S extends ObjectSchema>(schema: S, request: Request): z.output<S> {
  return validInput(schema, plainQuery(request.url))
}

type Parameter = { name: string; in: 'query' | 'path'; required: boolean; schema: Record<string, unknown> }

/**
 * OpenAPI 3.1 Parameter Objects for a route's query and path schemas (one per property;
 * required unless the property is optional), each property's JSON Schema as the docs
 * generate it (zod's toJSONSchema, input side). docs.ts then copies the first example and
 * the description onto each parameter.
 */
export function openApiParameters(input: { query?: ObjectSchema; params?: ObjectSchema }): Parameter[] {
  const out: Parameter[] = []
  for (const [where, schema] of [
    ['path', input.params],
    ['query', input.query],
  ] as const) {
    if (!schema) continue
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
      properties?: Record<string, Record<string, unknown>>
      required?: string[]
    }
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property })
    }
  }
  return out
}

/**
 * `detail` (an OpenAPI Operation for Elysia's route `detail`) with `parameters` for `input`,
 * built on first read — when the document is built, not at start (docs-schema.ts says why).
 * Returns `detail` unchanged when the route has no query or path schema.
 */
export function withParameters<T extends Record<string, unknown>>(detail: T, input: { query?: ObjectSchema; params?: ObjectSchema }): T {
  if (!input.query && !input.params) return detail
  let built: Parameter[] | undefined
  return Object.defineProperty(detail, 'parameters', {
    enumerable: true,
    get: () => {
      built ??= openApiParameters(input)
      return built
    },
  })
}
