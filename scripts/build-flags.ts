/**
 * Minification of the release binary (scripts/build.ts). Shared with bench/edge.ts and
 * test/security/edge-shape.test.ts, which must see the same source text as the binary:
 * Elysia decides from a hook's source text whether to await it.
 */
export const MINIFY_FLAGS = ['--minify-syntax', '--minify-whitespace'] as const
