/** Shared by bench/edge.ts and bench/serve.ts. */
export const BENCH_SECRET = 'bench-proxy-secret-0123456789'
