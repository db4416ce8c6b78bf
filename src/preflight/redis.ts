/**
 * Is the Redis of REDIS_URL usable? The probe that serve runs at start (RESP3 / HELLO,
 * the rate-limit script), so `config check` says the same thing serve would.
 */
export { probeRedis, type RedisProbeResult } from '../security/redis-probe.ts'
