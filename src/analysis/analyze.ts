/**
 * Label analysis: printed label → parser → resolver → every market → verdicts and a
 * summary. Pure functions of the resolver, the markets and plain arguments; never sees
 * Elysia's context. Also the bulk lookup (names or CAS RNs, one result per input).
 */
import type { Database } from 'bun:sqlite'
import { ProblemError } from '../errors.ts'
import { normaliseName } from '../ingredients/identifiers.ts'
import type { IngredientService } from '../ingredients/service.ts'
import { PLANS, type Plan, projectIngredient } from '../security/tiers.ts'
import { utcToday } from '../today.ts'
import { type Context, contextKey, type Fragment, fragmentKey, joinUtf8, utf8 } from './answer-json.ts'
import { createFragmentCache, FRAGMENT_CACHE_BYTES } from './fragment-cache.ts'
import { LabelError, type LabelItem, type ParsedLabel, parseItem, parseLabel } from './label-parser.ts'
import { createMarkets } from './markets/index.ts'
import type { Market } from './markets/market.ts'
import type { AnalyzedItem, AnalyzeInput, AnalyzeOutput } from './model.ts'
import { labelResolver, type NameResolver, type Resolution } from './resolve.ts'
import { summarise } from './summary.ts'
import { marketVerdict, unresolvedVerdict } from './verdict.ts'

export type AnalyzerDeps = {
  resolver: NameResolver
  /** The markets, or a function building them on first use (keeps them off the start-up path). */
  markets: readonly Market[] | (() => readonly Market[])
  /** Today as an ISO date (rules dated later are `upcoming`). @default the UTC date now */
  today?: () => string
  /** Bound of the serialized items kept for `analyzeJson` (fragment-cache.ts), bytes. @default FRAGMENT_CACHE_BYTES */
  fragmentBytes?: number
}

export type Limits = {
  plan: Plan
  /** Most ingredients in one request (all products of a kit together). */
  maxItems: number
}

function matchOf(r: Resolution): AnalyzedItem['match'] {
  return { kind: r.kind, rule: r.rule, confidence: r.confidence, matched_name: r.matched_name, note: r.note, candidates: r.candidates }
}

/** Verdict sets kept per resolution (product type × concentration × plan combinations). */
const VERDICTS_PER_RESOLUTION = 64

/**
 * The target as the plan sees it, without `eu_annexes` and `kr_rules` (in an analysis the
 * markets' entries carry the same rows with their structured conditions) and without
 * `status_sources` (the same for every record of a build: the answer carries it once, at
 * its top level). Cached per record and plan.
 */
const targets = new WeakMap<object, Map<Plan, AnalyzedItem['target']>>()
function targetFor(record: NonNullable<Resolution['target']>, plan: Plan): AnalyzedItem['target'] {
  let perPlan = targets.get(record)
  if (perPlan === undefined) {
    perPlan = new Map()
    targets.set(record, perPlan)
  }
  let t = perPlan.get(plan)
  if (t === undefined) {
    const { eu_annexes: _eu, kr_rules: _kr, status_sources: _s, ...rest } = projectIngredient(record, plan) as Record<string, unknown>
    t = rest as AnalyzedItem['target']
    perPlan.set(plan, t)
  }
  return t
}

/** Builds the analyzer over a resolver and the markets (both built once, at start). */
export function createAnalyzer(deps: AnalyzerDeps) {
  const today = deps.today ?? utcToday
  const verdictCache = new WeakMap<Resolution, Map<string, AnalyzedItem['markets']>>()
  let built: { all: readonly Market[]; byCode: Map<string, Market>; codes: string[] } | undefined
  const markets = () => {
    if (built === undefined) {
      const all = typeof deps.markets === 'function' ? deps.markets() : deps.markets
      built = { all, byCode: new Map(all.map((m) => [m.code, m])), codes: all.map((m) => m.code) }
    }
    return built
  }

  function chooseMarkets(asked: readonly string[] | undefined): Market[] {
    const { all, byCode, codes } = markets()
    if (asked === undefined) return [...all]
    const wanted = [...new Set(asked.map((m) => m.trim().toUpperCase()))]
    const unknown = wanted.filter((m) => !byCode.has(m))
    if (unknown.length > 0 || wanted.length === 0) {
      throw new ProblemError('invalid_parameter', `markets must be a non-empty list of: ${codes.join(', ')}.`, {
        errors: [{ parameter: 'markets', message: `known markets: ${codes.join(', ')}` }],
      })
    }
    return wanted.map((m) => byCode.get(m)!)
  }

  function analyzeItem(item: LabelItem, r: Resolution, markets: readonly Market[], ctx: Context): AnalyzedItem {
    // The same resolution, product and figures give the same verdicts: computed once
    // (resolutions are cached objects; verdicts are read-only once built).
    const key = `${ctx.plan}|${ctx.productType ?? ''}|${item.concentration_percent ?? ''}|${item.nano}|${ctx.today}|${ctx.codes}`
    let perResolution = verdictCache.get(r)
    if (perResolution === undefined) {
      perResolution = new Map()
      verdictCache.set(r, perResolution)
    }
    let verdicts = perResolution.get(key)
    if (verdicts === undefined) {
      verdicts = {}
      for (const m of markets) {
        verdicts[m.code] = r.subject
          ? marketVerdict(m, m.entries(r.subject, { nano: item.nano }), {
              productType: ctx.productType ?? null,
              concentration: item.concentration_percent,
              today: ctx.today,
              withRaw: ctx.withRaw,
            })
          : unresolvedVerdict()
        if (m.inventory) {
          verdicts[m.code]!.inventory = r.subject
            ? m.inventory(r.subject)
            : { status: 'unknown', serial: null, cn_name: null, note: 'the name was not recognised' }
        }
      }
      if (perResolution.size < VERDICTS_PER_RESOLUTION) perResolution.set(key, verdicts)
    }
    return {
      ...item,
      match: matchOf(r),
      target: r.target ? targetFor(r.target, ctx.plan) : null,
      functions: r.target?.kind === 'ingredient' ? r.target.functions : [],
      markets: verdicts,
    }
  }

  const resolveItem = (item: LabelItem, markets: readonly Market[], ctx: Context) =>
    analyzeItem(item, deps.resolver.resolve(item.name, item.alternatives), markets, ctx)

  /**
   * The checks, the parse and the context of one analysis (shared by `analyze` and
   * `analyzeJson`); concentrations given by name are set on the items printed without one.
   */
  function prepare(input: AnalyzeInput, limits: Limits): { markets: Market[]; codes: string[]; ctx: Context; parsed: ParsedLabel } {
    if ((input.text === undefined) === (input.ingredients === undefined)) {
      throw new ProblemError('invalid_body', 'Give the label as `text` or as `ingredients`, not both.', {
        errors: [{ parameter: 'text', message: 'give text or ingredients' }],
      })
    }
    const markets = chooseMarkets(input.markets)
    const tooMany = (n: number) =>
      new ProblemError(
        'too_many_ingredients',
        `The label has ${n} ingredients; the ${limits.plan} plan analyses at most ${limits.maxItems} per request.`,
      )
    if (input.ingredients && input.ingredients.length > limits.maxItems) throw tooMany(input.ingredients.length)
    let parsed: ParsedLabel
    try {
      parsed =
        input.text !== undefined
          ? parseLabel(input.text)
          : {
              products: [
                {
                  name: null,
                  items: input.ingredients!.map((x, i) => {
                    const item = parseItem(typeof x === 'string' ? x : x.name, i + 1)
                    if (typeof x !== 'string' && x.concentration_percent !== undefined) item.concentration_percent = x.concentration_percent
                    return item
                  }),
                },
              ],
              footnotes: [],
              ignored: [],
            }
    } catch (err) {
      if (err instanceof LabelError) {
        throw new ProblemError('label_unreadable', err.message, {
          errors: [{ parameter: input.text !== undefined ? 'text' : 'ingredients', message: err.message }],
        })
      }
      throw err
    }
    const total = parsed.products.reduce((n, p) => n + p.items.length, 0)
    if (total > limits.maxItems) throw tooMany(total)
    if (input.concentrations !== undefined) {
      const given = new Map(Object.entries(input.concentrations).map(([k, v]) => [normaliseName(k), v]))
      for (const p of parsed.products) {
        for (const item of p.items) {
          if (item.concentration_percent === null)
            item.concentration_percent = given.get(normaliseName(item.name)) ?? given.get(normaliseName(item.text)) ?? null
        }
      }
    }
    const codes = markets.map((m) => m.code)
    const ctx: Context = {
      plan: limits.plan,
      productType: input.product_type,
      today: input.as_of ?? today(),
      codes: codes.join(','),
      withRaw: PLANS[limits.plan].annexFields.includes('conditions'),
    }
    return { markets, codes, ctx, parsed }
  }

  /** The answer's `sources` for a choice of markets, as JSON (built once per choice). */
  const sourcesJson = new Map<string, string>()
  const sourcesOf = (markets: readonly Market[]) => markets.flatMap((m) => m.sources)
  const fragments = createFragmentCache<Fragment>(deps.fragmentBytes ?? FRAGMENT_CACHE_BYTES)

  return {
    /** Market codes this analyzer knows, in response order. */
    get markets(): string[] {
      return markets().codes
    },

    /**
     * Analyses one label.
     * @throws ProblemError invalid_body (400: neither or both of text / ingredients),
     *   label_unreadable (400: empty, nesting, item too long), invalid_parameter (400:
     *   unknown market), too_many_ingredients (413: over `limits.maxItems`).
     */
    analyze(input: AnalyzeInput, limits: Limits): AnalyzeOutput {
      const { markets, codes, ctx, parsed } = prepare(input, limits)
      return {
        product_type: input.product_type ?? null,
        markets: codes,
        products: parsed.products.map((p) => {
          const items = p.items.map((item) => resolveItem(item, markets, ctx))
          return { name: p.name, items, summary: summarise(items, codes) }
        }),
        footnotes: parsed.footnotes,
        ignored: parsed.ignored,
        sources: sourcesOf(markets),
        status_sources: deps.resolver.statusSources,
      }
    },

    /**
     * The same answer as `analyze`, as UTF-8 JSON — byte for byte `JSON.stringify(analyze(…))`
     * (test/analysis/analyze-json.test.ts) — joined from each item's cached JSON
     * (fragment-cache.ts): an item seen before on this plan, product type, markets and day is
     * neither resolved, judged nor serialized again; only the summaries are. The route's answer.
     * @throws ProblemError as `analyze`.
     */
    analyzeJson(input: AnalyzeInput, limits: Limits): Uint8Array {
      const { markets, codes, ctx, parsed } = prepare(input, limits)
      let sources = sourcesJson.get(ctx.codes)
      if (sources === undefined) {
        sources = JSON.stringify(sourcesOf(markets))
        sourcesJson.set(ctx.codes, sources)
      }
      const pieces: (string | Uint8Array)[] = [
        `{"product_type":${JSON.stringify(input.product_type ?? null)},"markets":${JSON.stringify(codes)},"products":[`,
      ]
      const ctxKey = contextKey(ctx)
      parsed.products.forEach((p, n) => {
        const items: AnalyzedItem[] = []
        pieces.push(`${n > 0 ? ',' : ''}{"name":${JSON.stringify(p.name)},"items":[`)
        p.items.forEach((item, i) => {
          const key = fragmentKey(ctxKey, item)
          let f = fragments.get(key)
          if (f === undefined) {
            const analysed = resolveItem(item, markets, ctx)
            const json = JSON.stringify(analysed)
            // `{"position":N,` is ASCII: its length in characters is its length in bytes.
            f = { item: analysed, rest: utf8.encode(json).subarray(json.indexOf(',') + 1) }
            fragments.set(key, f, f.rest.byteLength)
          }
          items.push(f.item.position === item.position ? f.item : { ...f.item, position: item.position })
          pieces.push(`${i > 0 ? ',' : ''}{"position":${item.position},`, f.rest)
        })
        pieces.push(`],"summary":${JSON.stringify(summarise(items, codes))}}`)
      })
      pieces.push(
        `],"footnotes":${JSON.stringify(parsed.footnotes)},"ignored":${JSON.stringify(parsed.ignored)},"sources":${sources},` +
          `"status_sources":${JSON.stringify(deps.resolver.statusSources)}}`,
      )
      return joinUtf8(pieces)
    },

    /**
     * Bulk exact lookup: one result per input, in input order, each with its match and
     * per-market status. @throws ProblemError too_many_ingredients (413) over `maxNames`.
     */
    lookup(names: readonly string[], limits: { plan: Plan; maxNames: number }) {
      if (names.length > limits.maxNames) {
        throw new ProblemError(
          'too_many_ingredients',
          `${names.length} names given; the ${limits.plan} plan looks up at most ${limits.maxNames} per request.`,
        )
      }
      const day = today()
      const results = names.map((input) => {
        const r = deps.resolver.resolve(input.normalize('NFC').trim())
        const statuses = Object.fromEntries(
          markets().all.map((m) => [
            m.code,
            r.subject
              ? marketVerdict(m, m.entries(r.subject), { productType: null, concentration: null, today: day, withRaw: false }).status
              : 'unresolved',
          ]),
        )
        return {
          input,
          match: matchOf(r),
          target: r.target ? (projectIngredient(r.target, limits.plan) as AnalyzedItem['target']) : null,
          statuses,
        }
      })
      return { count: results.length, results }
    },
  }
}

export type Analyzer = ReturnType<typeof createAnalyzer>

/** The production wiring: every market over `db`, names resolved by the service's resolver. */
export function analyzerFor(db: Database, service: Pick<IngredientService, 'resolver'>): Analyzer {
  return createAnalyzer({ resolver: labelResolver(service.resolver, db), markets: () => createMarkets(db) })
}
