/**
 * The markets this build knows, in response order. Adding a market = one module + one row.
 */
import type { Database } from 'bun:sqlite'
import { createCnMarket } from './cn.ts'
import { createEuMarket } from './eu.ts'
import { createKrMarket } from './kr.ts'
import type { Market, MarketFactory } from './market.ts'

export const MARKET_FACTORIES: readonly MarketFactory[] = [createEuMarket, createKrMarket, createCnMarket]

/** Builds every market over an open database (reads its lists once). */
export function createMarkets(db: Database, factories: readonly MarketFactory[] = MARKET_FACTORIES): Market[] {
  return factories.map((f) => f(db))
}

export type { Market, Subject } from './market.ts'
