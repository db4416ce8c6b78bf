/**
 * JSON Schemas for the OpenAPI document, computed when the document is first built
 * (/docs/json, docs.ts) instead of when the routes are registered: zod's toJSONSchema
 * takes ≈ 6–12 ms for a response shape such as IngredientList, which was most of the
 * app's construction time and so of every cold start (issue #15: exec → first 200 on
 * /health). The getter runs once; JSON.stringify and structuredClone read it like a value
 * (a spread would too: pass the other fields as `fields` instead).
 */
import { z } from 'zod'

/**
 * An OpenAPI Media Type Object: `fields` (examples …) plus `schema`, the JSON Schema of
 * `schema` (draft 2020-12, output side) built on first read.
 */
export function lazyJsonSchema(schema: z.ZodType, fields: Record<string, unknown> = {}): Record<string, unknown> {
  let built: unknown
  return Object.defineProperty({ ...fields }, 'schema', {
    enumerable: true,
    get() {
      built ??= z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' })
      return built
    },
  })
}
