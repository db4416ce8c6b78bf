/**
 * The adapter between label analysis and the name resolver (src/ingredients/resolver.ts,
 * issue #10): the only file that knows the resolver's API. Per printed name it gives how
 * it matched, what it matched and the subject the markets look up.
 *
 * Order: the name as printed; when that finds nothing, only a fuzzy guess, or several
 * records, each alternative printed with it ("Zinc Oxyde (징크옥사이드)" → ZINC OXIDE) —
 * an exact translation beside a name beats a guess at a typo.
 */
import type { Database } from 'bun:sqlite'
import { CN_INVENTORY_KEY_OFFSET } from '../db/cn-schema.ts'
import { chineseNameKey } from '../importer/cn-names.ts'
import { normaliseName } from '../ingredients/identifiers.ts'
import type { ResolutionValue, StatusSourcesValue, TargetRecord } from '../ingredients/model.ts'
import type { Resolver } from '../ingredients/resolver.ts'
import type { Subject } from './markets/market.ts'
import type { MatchKind } from './model.ts'

export type Resolution = {
  kind: MatchKind
  rule: string
  confidence: number
  matched_name: string | null
  /** Why a common name maps as it does (the resolver's curated table), else null. */
  note: string | null
  candidates: ResolutionValue['candidates']
  /** The one record matched, or null when none or ambiguous (see candidates). */
  target: TargetRecord | null
  /** What the markets look up: every record the match found, so an ambiguity hides no rule. */
  subject: Subject | null
}

export interface NameResolver {
  /** Resolves one printed name with the alternatives printed beside it. Never throws. */
  resolve(name: string, alternatives?: readonly string[]): Resolution
  /** Where every record's statuses come from (the same for every record of a build). */
  readonly statusSources: StatusSourcesValue
}

/**
 * Resolutions kept in memory, most recently used last. The database is read-only, so an
 * answer never goes stale; labels repeat the same few hundred names, and one resolution
 * costs 10–300 µs (several index look-ups per rule), which is the budget of a whole label.
 */
export const RESOLUTION_CACHE_SIZE = 20_000

/** Confidence kept when the match came from an alternative rather than the name itself. */
const ALTERNATIVE_FACTOR = 0.95

/**
 * The subject of a match: its ingredients, and the rule rows of its regulated substances —
 * their EU and Korean rows (`covers`) and their China STSC rows (`cnRows`: rows sharing a name
 * or a CAS RN with one of their rows, importer/substance-links.ts). A regulated substance has
 * no ingredient for the STSC rows to be linked to, so without them "Mercury" (EU Annex II/221,
 * 별표1) read `not_listed` in China, whose 表2 prohibits it
 * (test/regressions/mercury-cn-prohibited.test.ts).
 */
function subjectOf(targets: readonly TargetRecord[], records: Pick<Resolver['records'], 'covers' | 'cnRows'>): Subject {
  const ruleKeys = new Set<number>()
  for (const t of targets) {
    if (t.kind !== 'regulated_substance') continue
    for (const k of records.covers(t.id)) ruleKeys.add(k)
    for (const row of records.cnRows(t.id)) ruleKeys.add(row)
  }
  return { ingredientIds: targets.filter((t) => t.kind === 'ingredient').map((t) => t.id), ruleKeys: [...ruleKeys] }
}

/** A resolver for analysis over the name resolver of issue #10. */
export function labelResolver(resolver: Pick<Resolver, 'resolve' | 'records'>, db?: Database): NameResolver {
  // A name found only in the Chinese tables (no ingredient linked) gives its STSC rows and IECIC
  // entries as rule keys (db/cn-schema.ts), so no Chinese rule hides behind "no match".
  const cnOwn = db?.query<{ target: 'inventory' | 'regulated'; target_id: number; name: string }, [string]>(
    'SELECT target, target_id, name FROM cn_names WHERE key = ? ORDER BY target, target_id',
  )
  function chineseOnly(name: string): Resolution | null {
    const own = cnOwn?.all(/[\u3400-\u9fff]/.test(name) ? chineseNameKey(name) : normaliseName(name)) ?? []
    if (own.length === 0) return null
    return {
      kind: 'exact',
      rule: 'cn_table_name',
      confidence: 1,
      matched_name: own[0]!.name,
      note: null,
      candidates: [],
      target: null,
      subject: {
        ingredientIds: [],
        ruleKeys: own.map((o) => (o.target === 'regulated' ? o.target_id : CN_INVENTORY_KEY_OFFSET + o.target_id)),
      },
    }
  }
  const toResolution = (r: ResolutionValue, alternative: boolean): Resolution =>
    r.match === 'none'
      ? {
          kind: 'none',
          rule: r.rule ?? 'no rule matched',
          confidence: 0,
          matched_name: null,
          note: null,
          candidates: [],
          target: null,
          subject: null,
        }
      : {
          kind: alternative ? 'alternative' : r.match,
          rule: alternative ? `alternative printed with the name: ${r.rule}` : (r.rule ?? r.match),
          confidence: alternative ? Math.round(r.confidence * ALTERNATIVE_FACTOR * 100) / 100 : r.confidence,
          matched_name: r.matched_name,
          note: r.note,
          candidates: r.candidates,
          target: r.target,
          subject: subjectOf(r.targets, resolver.records),
        }
  const cache = new Map<string, Resolution>()
  function uncached(name: string, alternatives: readonly string[]): Resolution {
    const first = resolver.resolve(name)
    const weak = first.match === 'none' || first.match === 'fuzzy'
    if (!weak && first.target !== null) return toResolution(first, false)
    // Nothing, a guess at a typo, or several records ("Iron Oxides (CI 77492)"): a printed
    // alternative that matches without guessing, and names one record, decides.
    for (const alt of alternatives) {
      const r = resolver.resolve(alt, { fuzzy: false })
      if (r.match !== 'none' && (r.target !== null || weak)) return toResolution(r, true)
    }
    if (first.match === 'none') {
      const cn = chineseOnly(name)
      if (cn) return cn
    }
    return toResolution(first, false)
  }
  return {
    statusSources: resolver.records.statusSources,
    resolve(name, alternatives = []) {
      const key = alternatives.length === 0 ? name : `${name}\u0000${alternatives.join('\u0000')}`
      let hit = cache.get(key)
      if (hit === undefined) {
        hit = uncached(name, alternatives)
        if (cache.size >= RESOLUTION_CACHE_SIZE) cache.delete(cache.keys().next().value!)
      } else cache.delete(key)
      cache.set(key, hit)
      return hit
    },
  }
}
