/**
 * Group rows followed across markets: an ingredient linked to one market's row is linked to
 * the other markets' rows that name the same substance or a group that holds it. Pure: no I/O.
 *
 * Why: each market's rows are linked to ingredients by their own names, and a group row
 * ("X and its compounds") by its base only. CosIng links LEAD ACETATE to Annex II/289 "Lead
 * and its compounds", but 별표1 "납 및 그 화합물" and STSC 表2 #859 "铅及其化合物 / Lead (CAS
 * No.7439-92-1) and its compounds" print no salt names, so before this step both markets read
 * `not_listed` for a substance both prohibit (test/regressions/lead-compounds-all-markets.test.ts).
 *
 * The rule, per pair (source row X the ingredient is linked to — an EU annex entry or a
 * Korean row —, target row Y of another market — a Korean row, an STSC row, or an EU entry
 * from a Korean row), judged on the two rows directly (never through a chain of groupings;
 * row-shape.ts `covers`):
 *  a. Y is an "X and its compounds" row (그 화합물, 及其化合物) sharing X's base substance (a
 *     base name or a CAS RN): a compound of the base, or the base, is in Y — any member of X;
 *  b. X and Y print the same whole name ("Lead and its compounds", "Gold salts",
 *     "Trialkylamines, trialkanolamines and their salts", "Glucocorticoids (Corticosteroids)"
 *     = "Glucocorticoids"): the same scope, so Y holds every member of X — unless the name is
 *     one substance's (one CAS RN printed on either side) and X holds more (CosIng lists
 *     PVP-IODINE under Annex II/213 "Iodine", 7553-56-2; 별표1 요오드 is iodine itself), then as d;
 *  c. X names one substance and Y a group of it ("Pramocaine (INN)" and "프라모카인 및 그
 *     염류"): Y holds whatever X holds;
 *  d. otherwise X and Y share a base substance: Y holds the ingredient only when it is that substance —
 *     one of its names or CAS RNs is the key both rows share (SALICYLIC ACID, not SODIUM
 *     SALICYLATE, reaches the row of salicylic acid alone; PRAMOXINE HCL does not reach
 *     "Pramocaine").
 * Never followed: a link CosIng gives only by its restriction pointer of 2021 (positions have
 * moved since), and a row that applies only in some cases (row-shape.ts CONDITIONAL: "except
 * for normal content in natural essences", "if they contain > 0.1 % benzene").
 * Exclusions, as for Korean group rows (kr-links.ts rule 3):
 *  - a prohibition (별표1, STSC 表2, Annex II) never reaches an ingredient the EU allows with
 *    conditions (an Annex III–VI link and no Annex II link, or CosIng's pointer): group
 *    prohibitions carry exceptions the transcription and the consolidation drop ("Mercury
 *    and its compounds, except … preservatives"; "셀렌 및 그 화합물(셀레늄아스파테이트는 제외)");
 *  - a row never reaches an ingredient already linked to a row of another list or table of
 *    that market (별표2 vs 별표1; STSC 表3 selenium disulfide vs 表2 selenium compounds): the
 *    specific row is the regulation's exception to the group.
 * The same direct relation (any shared name or CAS RN) gives a regulated substance its STSC
 * rows (`substanceCn`), so "Mercury" as a substance answers for China as an ingredient does.
 */
import { withoutCasNote } from '../db/cn-schema.ts'
import type { AnnexLink } from './annex-links.ts'
import type { CnLink } from './cn-links.ts'
import { CN_TABLES, type CnRegulatedRow } from './cn-stsc.ts'
import type { AnnexEntry } from './cosing-annex.ts'
import { euAllowsWithConditions, type KrLink } from './kr-links.ts'
import type { KrRule } from './kr-rules.ts'
import type { Catalogue } from './merge.ts'
import { CONDITIONAL, covers, exceptionKeys, mergeScope, type RowShape, related, rowKey, rowShape } from './row-shape.ts'
import type { Substance } from './substances.ts'

/** A row linked through the same substance: the source row's market and id, for `matched_name`. */
export interface SubstanceLinks {
  /** Korean rows reached, `matchedBy: 'substance'`. */
  kr: KrLink[]
  /** EU annex entries reached from Korean rows, `matchedBy: 'substance'`. */
  eu: { ingredientId: number; entryId: number; matchedBy: 'substance' }[]
  /** STSC rows reached, rule `substance`, matchedName the source row's name. */
  cn: CnLink[]
  /** STSC rows of each regulated substance (any shared name or CAS RN with a member row). */
  substanceCn: { substanceId: number; rowId: number; matchedBy: 'name' | 'cas' }[]
}

type Market = 'eu' | 'kr' | 'cn'

/** A CosIng restriction pointer with a condition in it: "II/335 if free cholecalciferol is present". */
const POINTER_CONDITION = /\b(?:if|when|unless|except|provided)\b/iu

interface Row {
  market: Market
  id: number
  /** Annex number, 별표, or STSC table: rows of another list of the same market are exceptions. */
  list: string
  prohibited: boolean
  /** What `matched_name` says for a link made through this row. */
  label: string
  shape: RowShape
  /** Names the row's exception clauses give (`exceptionKeys`). */
  except: Set<string>
  /** The row applies only in some cases (CONDITIONAL): never followed. */
  conditional: boolean
}

/**
 * Links across markets through the same substance (module doc). Returns only new links, each
 * (ingredient, row) pair once, ordered by row id then ingredient id.
 */
export function linkThroughSubstances(input: {
  catalogue: Pick<Catalogue, 'ingredients' | 'names' | 'cas'>
  entries: readonly AnnexEntry[]
  rules: readonly KrRule[]
  cnRows: readonly CnRegulatedRow[]
  annexLinks: readonly AnnexLink[]
  krLinks: readonly KrLink[]
  cnLinks: readonly CnLink[]
  substances: readonly Substance[]
}): SubstanceLinks {
  const rows = new Map<string, Row>()
  /** A row from its names as printed: their exception and conditional clauses are read here. */
  const put = (r: Omit<Row, 'except' | 'conditional'>, texts: readonly (string | null)[]) =>
    rows.set(`${r.market}:${r.id}`, {
      ...r,
      except: exceptionKeys(texts),
      conditional: texts.some((t) => t !== null && CONDITIONAL.test(t)),
    })
  for (const e of input.entries) {
    const shape = rowShape(
      [
        { text: e.chemicalName, lang: 'en' },
        { text: e.chemicalName === null ? e.glossaryName : null, lang: 'en' },
      ],
      e.casNumbers,
      e.identifiedIngredients.length,
    )
    const label = `EU Annex ${e.annex}/${e.referenceNumber} ${e.chemicalName ?? e.glossaryName ?? ''}`.trim()
    put({ market: 'eu', id: e.id, list: e.annex, prohibited: e.annex === 'II', label, shape }, [e.chemicalName])
  }
  for (const r of input.rules) {
    const shape = rowShape(
      [
        { text: r.nameKo, lang: 'ko' },
        { text: r.nameEn, lang: 'en' },
      ],
      [],
    )
    put({ market: 'kr', id: r.id, list: r.list, prohibited: r.status === 'prohibited', label: `${r.list} ${r.nameKo}`, shape }, [
      r.nameKo,
      r.nameEn,
    ])
  }
  for (const c of input.cnRows) {
    const en = withoutCasNote(c.enName)
    const { status, tableNo } = CN_TABLES[c.table]
    // The Chinese name tells the scope (及其化合物); only the English one can share a name.
    const shape = mergeScope(rowShape([{ text: en, lang: 'en' }], c.casNumbers), c.cnName)
    const label = `STSC ${tableNo} #${c.serial} ${c.cnName ?? en ?? ''}`.trim()
    put({ market: 'cn', id: c.id, list: c.table, prohibited: status === 'prohibited', label, shape }, [c.cnName, en])
  }

  // An ingredient's own keys, as rows are compared: names and CAS RNs.
  const keysOfIngredient = new Map<number, Set<string>>()
  for (const n of input.catalogue.names) slot(keysOfIngredient, n.ingredientId, () => new Set()).add(rowKey(n.key))
  for (const c of input.catalogue.cas) slot(keysOfIngredient, c.ingredientId, () => new Set()).add(`cas:${c.value}`)

  // Which rows of each market every ingredient already has.
  const linked = new Map<number, Map<string, string>>() // ingredient → row key → list
  const mark = (ingredientId: number, row: Row) => slot(linked, ingredientId, () => new Map()).set(`${row.market}:${row.id}`, row.list)
  const sourcesOf = new Map<number, Row[]>() // ingredient → EU and KR rows it is linked to
  const addSource = (ingredientId: number, row: Row | undefined) => {
    if (!row) return
    mark(ingredientId, row)
    slot(sourcesOf, ingredientId, () => []).push(row)
  }
  // CosIng's restriction pointer (2021) is no identity: it names annex positions that have
  // moved since (2,7-NAPHTHALENEDIOL "III/4" is Ammonia today), so it is never followed; nor
  // are the EU rows of an ingredient whose pointer makes them conditional ("II/335 if free
  // cholecalciferol is present").
  const conditionalPointer = new Set<number>()
  for (const i of input.catalogue.ingredients) if (POINTER_CONDITION.test(i.cosingRestriction ?? '')) conditionalPointer.add(i.id)
  const singleProhibition = new Set<number>() // ingredients linked to an Annex II row naming one substance
  const euPermits = new Set<number>() // ingredients linked (not by pointer) to an Annex III–VI row
  // Nor is an entry naming substances (no group) when the ingredient's CAS RN is one of the
  // entry's with more leading digits and none is the entry's own: a slip of a substring match
  // in CosIng's identified-ingredient column (4,6-DIMETHYL-PYRAN-2-ONE, 675-09-2, under II/1389
  // dichloromethane, 75-09-2). A salt's own CAS RN (PRAMOXINE HCL under "Pramocaine") is no slip.
  const contradicts = (ingredientId: number, row: Row) => {
    const own = [...(keysOfIngredient.get(ingredientId) ?? [])].filter((k) => k.startsWith('cas:'))
    if (!row.shape.named || own.length === 0) return false
    const printed = [...row.shape.base].filter((k) => k.startsWith('cas:'))
    if (own.some((c) => printed.includes(c))) return false
    // "cas:675-09-2" ends with "75-09-2" once the prefix is dropped from the shorter one.
    return own.some((c) => printed.some((p) => c.length > p.length && c.endsWith(p.slice(4))))
  }
  for (const l of input.annexLinks) {
    const row = rows.get(`eu:${l.entryId}`)
    if (!row) continue
    if (l.matchedBy === 'cosing_restriction' || conditionalPointer.has(l.ingredientId) || contradicts(l.ingredientId, row))
      mark(l.ingredientId, row)
    else addSource(l.ingredientId, row)
    if (l.matchedBy === 'cosing_restriction') continue
    if (row.list === 'II' && row.shape.scope === 'single') singleProhibition.add(l.ingredientId)
    if (row.list !== 'II') euPermits.add(l.ingredientId)
  }
  for (const l of input.krLinks) addSource(l.ingredientId, rows.get(`kr:${l.ruleId}`))
  for (const l of input.cnLinks) {
    const row = rows.get(`cn:${l.targetId}`)
    if (row) mark(l.ingredientId, row)
  }

  // Allowed with conditions in the EU: by CosIng's pointer, or by an Annex III–VI row — which
  // is the exception to an Annex II group row beside it (III/293 hydroxyanthraquinone-
  // aminopropyl methyl morpholinium methosulfate vs II/344 morpholine and its salts), not to
  // an Annex II row naming the ingredient's own substance.
  const euConditional = new Set<number>()
  for (const i of input.catalogue.ingredients) if (euAllowsWithConditions(i.cosingRestriction)) euConditional.add(i.id)
  for (const id of euPermits) if (!singleProhibition.has(id)) euConditional.add(id)

  /** True when the ingredient is the very substance rows x and y share (a name or CAS RN of both). */
  const isShared = (ingredientId: number, x: Row, y: Row) => {
    for (const k of keysOfIngredient.get(ingredientId) ?? [])
      if (y.shape.base.has(k) && (x.shape.base.has(k) || x.shape.whole.has(k))) return true
    return false
  }
  const excepted = (ingredientId: number, y: Row) => {
    if (y.except.size === 0) return false
    for (const k of keysOfIngredient.get(ingredientId) ?? []) if (y.except.has(k)) return true
    return false
  }

  // Candidate targets by key, so each source row meets only rows it shares a name or CAS RN with.
  const byKey = new Map<string, Row[]>()
  for (const row of rows.values()) for (const k of keysOf(row)) slot(byKey, k, () => []).push(row)
  const candidates = (x: Row): Row[] => {
    const out = new Set<Row>()
    for (const k of keysOf(x)) for (const y of byKey.get(k) ?? []) if (y.market !== x.market) out.add(y)
    return [...out]
  }
  const targetsOf = new Map<Row, { y: Row; how: 'group' | 'substance' }[]>()
  // EU entries are reached from Korean rows only (EU links are CosIng's own).
  const targets = (x: Row) =>
    slot(targetsOf, x, () => {
      const out: { y: Row; how: 'group' | 'substance' }[] = []
      if (x.conditional) return out
      for (const y of candidates(x)) {
        if (y.conditional || (y.market === 'eu' && x.market !== 'kr')) continue
        const how = covers(x.shape, y.shape)
        if (how !== null) out.push({ y, how })
      }
      return out
    })

  const out: SubstanceLinks = { kr: [], eu: [], cn: [], substanceCn: [] }
  const added = new Map<string, { ingredientId: number; y: Row; via: Row }>()
  for (const [ingredientId, sources] of [...sourcesOf].sort((a, b) => a[0] - b[0])) {
    const have = linked.get(ingredientId)!
    for (const x of sources) {
      for (const { y, how } of targets(x)) {
        const key = `${y.market}:${y.id}`
        if (have.has(key) || added.has(`${ingredientId}\t${key}`)) continue
        if (how === 'substance' && !isShared(ingredientId, x, y)) continue
        if ((y.prohibited && euConditional.has(ingredientId)) || excepted(ingredientId, y)) continue
        let otherList = false
        for (const [k, list] of have) if (k.startsWith(`${y.market}:`) && list !== y.list) otherList = true
        if (otherList) continue
        added.set(`${ingredientId}\t${key}`, { ingredientId, y, via: x })
      }
    }
  }
  const sorted = [...added.values()].sort((a, b) => a.y.id - b.y.id || a.ingredientId - b.ingredientId)
  for (const { ingredientId, y, via } of sorted) {
    if (y.market === 'kr') out.kr.push({ ingredientId, ruleId: y.id, matchedBy: 'substance' })
    else if (y.market === 'eu') out.eu.push({ ingredientId, entryId: y.id, matchedBy: 'substance' })
    else out.cn.push({ ingredientId, targetId: y.id, rule: 'substance', matchedName: via.label })
  }

  for (const s of input.substances) {
    const found = new Map<number, 'name' | 'cas'>()
    const members = [...s.euEntryIds.map((id) => rows.get(`eu:${id}`)), ...s.krRuleIds.map((id) => rows.get(`kr:${id}`))]
    for (const x of members) {
      if (!x) continue
      for (const k of keysOf(x))
        for (const y of byKey.get(k) ?? []) {
          if (y.market !== 'cn') continue
          const how = related(x.shape, y.shape)
          if (how !== null && found.get(y.id) !== 'name') found.set(y.id, how)
        }
    }
    for (const [rowId, matchedBy] of [...found].sort((a, b) => a[0] - b[0])) out.substanceCn.push({ substanceId: s.id, rowId, matchedBy })
  }
  return out
}

/** Every name and CAS key of a row. */
function keysOf(row: Row): Set<string> {
  return new Set([...row.shape.whole, ...row.shape.base])
}

/** The value under `key`, made and stored first when missing. */
function slot<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key)
  if (v === undefined) {
    v = make()
    map.set(key, v)
  }
  return v
}
