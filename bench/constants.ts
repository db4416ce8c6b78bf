/** The proxy secret every bench server is started with (bench/run.ts, hostile.ts, faults.ts, soak.ts, edge.ts, serve.ts). */
export const BENCH_SECRET = 'bench-proxy-secret-0123456789'
