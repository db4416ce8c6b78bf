/**
 * The name resolver: one name (or CAS RN) as a label prints it or a person types it → what it
 * is, how it matched and how sure we are. Used by the look-up routes and by label analysis.
 *
 * Rules, tried in order; the first that finds something wins (`match`, `rule`):
 *  1. `exact`: a CAS RN (`cas_number`), an INCI name (`inci_name`), a Korean standard name
 *     (`korean_name`), or a regulated substance's own name as its rule prints it (`rule_name`,
 *     `glossary_name`);
 *  2. `synonym`: CosIng INN (`inn`) and Ph. Eur. names (`ph_eur_name`), MFDS English names
 *     (`mfds_english_name`) and 이명 (`mfds_synonym`), names in CosIng descriptions
 *     (`cosing_description`), rule names linked to one ingredient (`rule_name`), parts of rule
 *     names ("Mercury" of "Mercury and its compounds": `rule_name_part`), annex identified
 *     ingredients (`identified_ingredient`);
 *  3. `label`: label spellings (label-keys.ts: `label_tidy`, `label_ci_number`, …), each
 *     tried as in 1 then 2;
 *  4. `variant`: Korean orthographic variants (korean-variants.ts: `korean_spelling`);
 *  5. `common_name`: the team's curated table (common-names.ts), with its reason in `note`;
 *     a row naming several INCI names is ambiguous: `target` null, all of them in `targets`;
 *  6. `fuzzy`: typos within 1–2 edits (fuzzy.ts: `edit_distance`), with candidates.
 * Synonyms never shadow primary names: the importer drops a synonym equal to another
 * ingredient's primary name, and a primary-name match ends the search before synonyms.
 *
 * A regulated substance is returned beside ingredients only when the ingredients found do
 * not already carry all its rule rows, so "no match" never hides a prohibition and a match
 * never hides a rule.
 */
import type { Database } from 'bun:sqlite'
import { COMMON_NAMES, type CommonName } from './common-names.ts'
import { fuzzyMatches } from './fuzzy.ts'
import { CAS_SHAPE, isValidCas, normaliseName, stripParentheses } from './identifiers.ts'
import { koreanVariants } from './korean-variants.ts'
import { labelKeys } from './label-keys.ts'
import type { MatchKindValue, ResolutionValue, TargetRecord } from './model.ts'
import { createNameLookup, NAMES_PER_LOOKUP, type ResolveLanguage } from './name-lookup.ts'
import { type NameHit, prepareQueries, type Queries } from './queries.ts'
import { createRecords, isSubstanceId, type Records } from './records.ts'

export type { ResolveLanguage } from './name-lookup.ts'

export interface ResolveOptions {
  /** @default 'any' */
  lang?: ResolveLanguage
  /** Try the fuzzy rule. @default true */
  fuzzy?: boolean
}

/** Confidence per rule: how often such a match is the substance meant (our judgement). */
export const CONFIDENCE: Readonly<Record<Exclude<MatchKindValue, 'fuzzy' | 'none'>, number>> = {
  exact: 1,
  synonym: 0.95,
  label: 0.9,
  variant: 0.85,
  common_name: 0.8,
}
/** Confidence of a common name that stands for several INCI names. */
export const AMBIGUOUS_COMMON_NAME_CONFIDENCE = 0.5

const RULE_OF_KIND: Readonly<Record<string, string>> = {
  inci: 'inci_name',
  korean: 'korean_name',
  inn: 'inn',
  ph_eur: 'ph_eur_name',
  english: 'mfds_english_name',
  korean_synonym: 'mfds_synonym',
  description: 'cosing_description',
  regulation: 'rule_name',
}

const HANGUL = /[\uAC00-\uD7A3]/u
/** Chinese names are stored without spaces (importer/china-step.ts cnIndexKey) and never matched fuzzily. */
const HAN = /[\u3400-\u9FFF]/u
/** Linked ingredients that may stand in for a single-substance rule. */
const MAX_STAND_INS = 3
const CAS_LIKE = /^0*\d{2,7}-\d{2}-\d$/

/** What rules 1–4 found; `key` is the spelling that matched (a label spelling or variant). */
type Found = { hits: NameHit[]; rule: string; match: MatchKindValue; key?: string }

/**
 * Builds a resolver over an open database (statements prepared once). `records` and
 * `queries` may be shared with the rest of the service.
 */
export function createResolver(db: Database, shared: { queries?: Queries; records?: Records } = {}) {
  const q = shared.queries ?? prepareQueries(db)
  const records = shared.records ?? createRecords(q)
  const { rowsOf, pick, lookup, fuzzyPool } = createNameLookup(db, q)
  const ruleOf = (hit: NameHit) => RULE_OF_KIND[hit.kind] ?? hit.kind

  // The curated table, resolved once to ingredient ids by INCI name.
  const common = new Map<string, { row: CommonName; ids: number[] }>()
  for (const row of COMMON_NAMES) {
    const ids = [
      ...new Set(row.inci.flatMap((inci) => pick(q.ingredientNamesByKey.all(normaliseName(inci)), 0, 'en').map((h) => h.owner_id))),
    ]
    if (ids.length > 0) common.set(normaliseName(row.name), { row, ids })
  }

  /** Rules 1–4 over `key`: the first tier/spelling that finds names. */
  function byName(key: string, lang: ResolveLanguage): Found | null {
    const rows = rowsOf(key)
    const exact = pick(rows, 0, lang)
    if (exact.length > 0) return { hits: exact, rule: ruleOf(exact[0]!), match: 'exact' }
    const synonym = pick(rows, 1, lang)
    if (synonym.length > 0) return { hits: synonym, rule: ruleOf(synonym[0]!), match: 'synonym' }
    for (const { rule, keys } of labelKeys(key)) {
      const perKey = keys.map(rowsOf)
      for (const tier of [0, 1] as const) {
        const hits = perKey.flatMap((r) => pick(r, tier, lang))
        if (hits.length > 0) return { hits, rule, match: 'label', key: keys[0] }
      }
    }
    if (lang !== 'en' && HANGUL.test(key)) {
      for (const variant of koreanVariants(key)) {
        const variantRows = rowsOf(variant)
        for (const tier of [0, 1] as const) {
          const hits = pick(variantRows, tier, lang)
          if (hits.length > 0) return { hits, rule: 'korean_spelling', match: 'variant' }
        }
      }
    }
    return null
  }

  /**
   * Records for owner ids. When only substances were found, one that names one substance
   * (not a group) and whose rows are all carried by at most MAX_STAND_INS linked ingredients
   * is answered by those ingredients (별표1 "히드로퀴논" → HYDROQUINONE); a substance is
   * dropped when the ingredients found already carry all its rule rows.
   */
  function targetsOf(ids: readonly number[]): TargetRecord[] {
    // One ingredient (the common case): it is its own answer.
    if (ids.length === 1 && !isSubstanceId(ids[0]!)) {
      const r = records.get(ids[0]!)
      return r ? [r] : []
    }
    const expanded: number[] = []
    const direct = ids.some((id) => !isSubstanceId(id))
    for (const id of new Set(ids)) {
      const r = records.get(id)
      if (
        !direct &&
        r?.kind === 'regulated_substance' &&
        !r.is_group &&
        r.linked_ingredients.length > 0 &&
        r.linked_ingredients.length <= MAX_STAND_INS
      ) {
        const carried = new Set(r.linked_ingredients.flatMap((i) => [...records.covers(i.id)]))
        if ([...records.covers(id)].every((c) => carried.has(c))) {
          expanded.push(...r.linked_ingredients.map((i) => i.id))
          continue
        }
      }
      expanded.push(id)
    }
    const unique = [...new Set(expanded)]
    const found = unique.map((id) => records.get(id)).filter((r): r is TargetRecord => r !== null)
    const covered = new Set<number>()
    for (const r of found) if (r.kind === 'ingredient') for (const c of records.covers(r.id)) covered.add(c)
    return found.filter((r) => r.kind === 'ingredient' || ![...records.covers(r.id)].every((c) => covered.has(c)))
  }

  /**
   * The single answer: the only ingredient — or, among several, the one whose INCI name is
   * the key without its parenthesised qualifier ("TITANIUM DIOXIDE (NANO)" → TITANIUM
   * DIOXIDE, not CI 77891) — else the only record, else null (ambiguous).
   */
  function single(targets: readonly TargetRecord[], key = ''): TargetRecord | null {
    const ingredients = targets.filter((t) => t.kind === 'ingredient')
    if (ingredients.length === 1) return ingredients[0]!
    const bare = stripParentheses(key)
    const named = ingredients.filter((t) => t.inci_name !== null && normaliseName(t.inci_name) === bare)
    if (named.length === 1) return named[0]!
    return targets.length === 1 ? targets[0]! : null
  }

  function answer(query: string, found: Found, confidence: number, note: string | null = null, key = ''): ResolutionValue {
    let ids = found.hits.map((h) => h.owner_id)
    // Only rules found ("Zinc oxide (nano)" is an annex row's name): the ingredient the name
    // gives without its qualifier answers beside them, so a label item gets its ingredient.
    if (key.includes('(') && ids.every(isSubstanceId)) {
      ids = [
        ...lookup(stripParentheses(key), 0, 'en')
          .filter((h) => !isSubstanceId(h.owner_id))
          .map((h) => h.owner_id),
        ...ids,
      ]
    }
    const targets = targetsOf(ids)
    const target = single(targets, key)
    return {
      query,
      match: found.match,
      rule: found.rule,
      confidence: target === null && targets.length > 1 ? Math.min(confidence, AMBIGUOUS_COMMON_NAME_CONFIDENCE) : confidence,
      matched_name: found.hits[0]!.name,
      note,
      target,
      targets,
      candidates:
        target === null ? targets.map((t) => candidate(t, found.hits.find((h) => h.owner_id === t.id)?.name ?? '', confidence)) : [],
    }
  }

  const none = (query: string, rule: string | null = null): ResolutionValue => ({
    query,
    match: 'none',
    rule,
    confidence: 0,
    matched_name: null,
    note: null,
    target: null,
    targets: [],
    candidates: [],
  })

  function byCas(query: string, cas: string): ResolutionValue {
    const trimmed = cas.replace(/^0+(?=\d{2,}-)/, '')
    if (!isValidCas(trimmed)) return none(query, 'invalid_cas')
    const rows = q.idsByCas.all(trimmed).filter((r) => r.rank !== null)
    const side = (substance: 0 | 1) =>
      rows
        .filter((r) => r.substance === substance)
        .sort((a, b) => a.rank! - b.rank! || a.id - b.id)
        .slice(0, NAMES_PER_LOOKUP)
        .map((r) => r.id)
    const ids = [...side(0), ...side(1)]
    if (ids.length === 0) return none(query)
    const hits = ids.map((id) => ({ owner_id: id, name: trimmed, kind: 'cas', tier: 0 }))
    return answer(query, { hits, rule: 'cas_number', match: 'exact' }, CONFIDENCE.exact)
  }

  function byFuzzy(query: string, key: string, lang: ResolveLanguage): ResolutionValue {
    const pool = fuzzyPool(key, lang)
    const hits = fuzzyMatches(key, pool)
    if (hits.length === 0) return none(query)
    const best = hits.filter((h) => h.distance === hits[0]!.distance)
    // Several names at the best distance may still be one answer (a substance whose rules
    // the ingredient carries, a synonym of the same ingredient).
    const targets = targetsOf(best.map((h) => h.ownerId))
    const target = single(targets, key)
    return {
      query,
      match: 'fuzzy',
      rule: 'edit_distance',
      confidence: target ? hits[0]!.confidence : Math.min(hits[0]!.confidence, AMBIGUOUS_COMMON_NAME_CONFIDENCE),
      matched_name: hits[0]!.name,
      note: null,
      target,
      targets,
      candidates: hits.flatMap((h) => {
        const r = records.get(h.ownerId)
        return r ? [candidate(r, h.name, h.confidence)] : []
      }),
    }
  }

  return {
    /**
     * Resolves one name or CAS RN. Never throws for any text: a malformed CAS RN is
     * `match: "none"` with `rule: "invalid_cas"`; empty text is `none`.
     * Cost: a few index look-ups (µs); the fuzzy rule, tried last, reads at most
     * 3 × FUZZY_CANDIDATES_PER_WINDOW names.
     */
    resolve(name: string, opts: ResolveOptions = {}): ResolutionValue {
      const lang = opts.lang ?? 'any'
      const normal = normaliseName(name)
      const key = HAN.test(normal) ? normal.replace(/\s+/g, '') : normal
      if (key === '') return none(name)
      if (CAS_LIKE.test(key) || CAS_SHAPE.test(key)) return byCas(name, key)
      const found = byName(key, lang)
      if (found) return answer(name, found, CONFIDENCE[found.match as keyof typeof CONFIDENCE], null, found.key ?? key)
      if (lang !== 'ko') {
        const c =
          common.get(key) ??
          labelKeys(key)
            .map((l) => common.get(l.keys[0]!))
            .find((x) => x !== undefined)
        if (c) {
          const hits = c.ids.map((id) => ({ owner_id: id, name: c.row.name, kind: 'common', tier: 1 }))
          const confidence = c.ids.length === 1 ? CONFIDENCE.common_name : AMBIGUOUS_COMMON_NAME_CONFIDENCE
          return answer(name, { hits, rule: 'common_name', match: 'common_name' }, confidence, c.row.reason)
        }
      }
      return opts.fuzzy === false || HAN.test(key) ? none(name) : byFuzzy(name, key, lang)
    },
    /** The curated common names that resolve on this database, by key (for tests and docs). */
    commonNames: (): ReadonlyMap<string, { row: CommonName; ids: number[] }> => common,
    records,
  }
}

export type Resolver = ReturnType<typeof createResolver>

function candidate(r: TargetRecord, matched: string, confidence: number) {
  return {
    kind: r.kind,
    id: r.id,
    name: r.kind === 'ingredient' ? r.inci_name : r.name,
    korean_name: r.korean_name,
    matched_name: matched,
    confidence,
  }
}

export { isSubstanceId }
