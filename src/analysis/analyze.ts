/**
 * Label analysis: printed label → parser → resolver → every market → verdicts and a
 * summary. Pure functions of the resolver, the markets and plain arguments; never sees
 * Elysia's context. Also the bulk lookup (names or CAS RNs, one result per input).
 */
import type { Database } from 'bun:sqlite'
import { ProblemError } from '../errors.ts'
import { cnStatusOn } from '../ingredients/china.ts'
import { normaliseName } from '../ingredients/identifiers.ts'
import type { IngredientService } from '../ingredients/service.ts'
import { PLANS, type Plan, projectIngredient } from '../security/tiers.ts'
import { utcToday } from '../today.ts'
import { type Context, contextKey, type Fragment, fragmentKey, joinUtf8, utf8 } from './answer-json.ts'
import { ANSWER_CACHE_BYTES, createFragmentCache, FRAGMENT_CACHE_BYTES } from './fragment-cache.ts'
import { LabelError, type LabelItem, type ParsedLabel, parseItem, parseLabel } from './label-parser.ts'
import { createMarkets } from './markets/index.ts'
import type { Market } from './markets/market.ts'
import type { AnalyzedItem, AnalyzeInput, AnalyzeOutput, LookupOutput, LookupResult } from './model.ts'
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
  /** Bound of the whole answers of `analyzeJson` and `lookupJson` kept by request, bytes; 0 keeps none. @default ANSWER_CACHE_BYTES */
  answerBytes?: number
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
 * The target as the plan sees it, in an analysis item (`analysis`: without `eu_annexes` and
 * `kr_rules` — the markets' entries carry the same rows with their structured conditions)
 * or a bulk lookup result (`lookup`: with them); in both without `status_sources`, the same
 * for every record of a build, which the answer carries once at its top level. Cached per
 * record, plan and view; the China status is that of `day` (ISO).
 */
const targets = new WeakMap<object, Map<string, AnalyzedItem['target'] | LookupResult['target']>>()
function targetFor(record: NonNullable<Resolution['target']>, plan: Plan, view: 'analysis', day: string): AnalyzedItem['target']
function targetFor(record: NonNullable<Resolution['target']>, plan: Plan, view: 'lookup', day: string): LookupResult['target']
function targetFor(record: NonNullable<Resolution['target']>, plan: Plan, view: 'analysis' | 'lookup', day: string) {
  let perPlan = targets.get(record)
  if (perPlan === undefined) {
    perPlan = new Map()
    targets.set(record, perPlan)
  }
  const key = `${plan}:${view}`
  let t = perPlan.get(key)
  if (t === undefined) {
    const { status_sources: _s, ...rest } = projectIngredient(record, plan) as Record<string, unknown>
    if (view === 'analysis') {
      delete rest.eu_annexes
      delete rest.kr_rules
    }
    t = rest as AnalyzedItem['target']
    perPlan.set(key, t)
  }
  // The China status on the answer's day, as the GET routes give it (routes.ts project): the
  // cached record holds it for the day the record was built, and STSC prohibitions start on
  // set dates (2027-01-01, 2028-01-01) — else a record cached the day before contradicts the
  // verdict beside it (test/regressions/cn-status-on-the-day.test.ts).
  if (t !== null && 'cn_status' in t) {
    const cn = cnStatusOn(record.cn_entries, day)
    if (cn !== t.cn_status) return { ...t, cn_status: cn }
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
      target: r.target ? targetFor(r.target, ctx.plan, 'analysis', ctx.today) : null,
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
  function prepare(
    input: AnalyzeInput,
    limits: Limits,
    day: string = input.as_of ?? today(),
  ): { markets: Market[]; codes: string[]; ctx: Context; parsed: ParsedLabel } {
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
      today: day,
      codes: codes.join(','),
      withRaw: PLANS[limits.plan].annexFields.includes('conditions'),
    }
    return { markets, codes, ctx, parsed }
  }

  /** The answer's `sources` for a choice of markets, as JSON (built once per choice). */
  const sourcesJson = new Map<string, string>()
  const sourcesOf = (markets: readonly Market[]) => markets.flatMap((m) => m.sources)
  const fragments = createFragmentCache<Fragment>(deps.fragmentBytes ?? FRAGMENT_CACHE_BYTES)

  /** The bulk lookup's result for one name as given (resolved NFC-normalised and trimmed). */
  function lookupResult(input: string, plan: Plan, day: string): LookupResult {
    const r = deps.resolver.resolve(input.normalize('NFC').trim())
    const statuses: Record<string, string> = {}
    for (const m of markets().all) {
      statuses[m.code] = r.subject
        ? marketVerdict(m, m.entries(r.subject), { productType: null, concentration: null, today: day, withRaw: false }).status
        : 'unresolved'
    }
    return { input, match: matchOf(r), target: r.target ? targetFor(r.target, plan, 'lookup', day) : null, statuses }
  }

  function checkNames(names: readonly string[], limits: { plan: Plan; maxNames: number }) {
    if (names.length > limits.maxNames) {
      throw new ProblemError(
        'too_many_ingredients',
        `${names.length} names given; the ${limits.plan} plan looks up at most ${limits.maxNames} per request.`,
      )
    }
  }

  /** Serialized results of the bulk lookup, by plan, day and name as given. */
  const results = createFragmentCache<Uint8Array>(deps.fragmentBytes ?? FRAGMENT_CACHE_BYTES)
  /** Whole answers by request (fragment-cache.ts ANSWER_CACHE_BYTES says why that is sound). */
  const answers = createFragmentCache<Uint8Array>(deps.answerBytes ?? ANSWER_CACHE_BYTES)
  /** The answer cached for `key`, else `build()` stored under it. A refused request (ProblemError) stores nothing. */
  const cachedAnswer = (key: string, build: () => Uint8Array) => {
    let out = answers.get(key)
    if (out === undefined) {
      const built = build()
      // Kept without the slack of joinUtf8's buffer (sized for 3 bytes a character), so the bound counts what is held.
      out = built.byteLength === built.buffer.byteLength ? built : built.slice()
      answers.set(key, out, out.byteLength)
    }
    return out
  }
  let statusSources: string | undefined
  const statusSourcesJson = () => (statusSources ??= JSON.stringify(deps.resolver.statusSources))

  /** The analysis answer as UTF-8 JSON, joined from its items' fragments (`analyzeJson` before its answer cache). */
  function analyzeUncached(input: AnalyzeInput, limits: Limits, day: string): Uint8Array {
    const { markets, codes, ctx, parsed } = prepare(input, limits, day)
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
        `"status_sources":${statusSourcesJson()}}`,
    )
    return joinUtf8(pieces)
  }

  /** The bulk lookup's answer as UTF-8 JSON, joined from its results' fragments (`lookupJson` before its answer cache). */
  function lookupUncached(names: readonly string[], plan: Plan, day: string): Uint8Array {
    const pieces: (string | Uint8Array)[] = [`{"count":${names.length},"results":[`]
    names.forEach((input, i) => {
      const key = `${plan}\u0000${day}\u0000${input}`
      let json = results.get(key)
      if (json === undefined) {
        json = utf8.encode(JSON.stringify(lookupResult(input, plan, day)))
        results.set(key, json, json.byteLength)
      }
      if (i > 0) pieces.push(',')
      pieces.push(json)
    })
    pieces.push(`],"status_sources":${statusSourcesJson()}}`)
    return joinUtf8(pieces)
  }

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
     * neither resolved, judged nor serialized again; only the summaries are. The same request
     * (validated input, plan, limit, day) again is answered from the whole-answer cache. The
     * route's answer.
     * @throws ProblemError as `analyze`.
     */
    analyzeJson(input: AnalyzeInput, limits: Limits): Uint8Array {
      const day = input.as_of ?? today()
      const key = `A\u0000${limits.plan}\u0000${limits.maxItems}\u0000${day}\u0000${JSON.stringify(input)}`
      return cachedAnswer(key, () => analyzeUncached(input, limits, day))
    },

    /**
     * Bulk exact lookup: one result per input, in input order, each with its match, the
     * record (fields by plan) and per-market status; `status_sources` once, at the top.
     * @throws ProblemError too_many_ingredients (413) over `limits.maxNames`.
     */
    lookup(names: readonly string[], limits: { plan: Plan; maxNames: number }): LookupOutput {
      checkNames(names, limits)
      const day = today()
      return {
        count: names.length,
        results: names.map((input) => lookupResult(input, limits.plan, day)),
        status_sources: deps.resolver.statusSources,
      }
    },

    /**
     * The same answer as `lookup`, as UTF-8 JSON — byte for byte `JSON.stringify(lookup(…))`
     * (test/analysis/lookup-json.test.ts) — joined from each result's cached JSON: a name
     * looked up before on this plan and day is neither resolved, judged nor serialized again
     * (a result is a pure function of the name as given, the plan and the day). The same
     * request again is answered from the whole-answer cache. The route's answer.
     * @throws ProblemError as `lookup`.
     */
    lookupJson(names: readonly string[], limits: { plan: Plan; maxNames: number }): Uint8Array {
      checkNames(names, limits)
      const day = today()
      const key = `L\u0000${limits.plan}\u0000${day}\u0000${JSON.stringify(names)}`
      return cachedAnswer(key, () => lookupUncached(names, limits.plan, day))
    },
  }
}

export type Analyzer = ReturnType<typeof createAnalyzer>

/** The production wiring: every market over `db`, names resolved by the service's resolver. */
export function analyzerFor(db: Database, service: Pick<IngredientService, 'resolver'>): Analyzer {
  return createAnalyzer({ resolver: labelResolver(service.resolver, db), markets: () => createMarkets(db) })
}
