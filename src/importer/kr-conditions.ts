/**
 * Structured conditions of a Korean 별표2 limit as the transcription prints it (e.g.
 * "사용 후 씻어내는 제품에 0.0015%", "• 산화염모제에 2.0%\n• 기타 제품에 0.1%",
 * "2.4% (다만, 얼굴, 손 및 입술에 사용되는 제품은 5%)"). Pure; run once at import, in the
 * same shape as the EU annex conditions (conditions.ts).
 */
import type { Scope, ScopeTag } from '../analysis/product-types.ts'
import { type Clause, readPh, type StructuredConditions, tagsOf } from './conditions.ts'

const KO_TAGS: readonly [RegExp, ScopeTag[]][] = [
  [/염모|탈염|탈색/u, ['hair_dye', 'hair']],
  [/제모/u, ['depilatory']],
  [/데오도런트|데오도란트/u, ['deodorant']],
  [/점막/u, ['mucous_membranes']],
  [/만\s*3세|영유아/u, ['children_under_3']],
  [/분무|스프레이|에어로졸/u, ['spray']],
  [/두발|샴푸|린스|헤어/u, ['hair']],
  [/구강|치약/u, ['oral']],
  [/눈/u, ['eye']],
  [/입술/u, ['lip']],
  [/손발톱|손톱|네일/u, ['nail']],
  [/얼굴/u, ['face']],
  [/(?<![가-힣])손(?![가-힣]*톱)/u, ['hand']],
  [/인체|바디|신체/u, ['body']],
]

/**
 * Reads a Korean 별표2 limit as transcribed ("사용 후 씻어내는 제품에 0.0015%",
 * "• 산화염모제에 2.0%\n• 기타 제품에 0.1%", "2.4% (다만, 얼굴, 손 및 입술에 사용되는 제품은 5%)").
 * Bullets, newlines and "다만" exceptions start clauses; an exception makes the main
 * clause "other products".
 */
export function parseKrConditions(limit: string | null): StructuredConditions {
  const notes: string[] = []
  if (limit === null) return { clauses: [], labelling_duty: null, parsed: false, notes: ['no limit text'] }
  const parts: string[] = []
  for (const piece of limit.split(/\n|•|(?<=%)\s*,\s*(?=[가-힣])/u)) {
    const p = piece.trim()
    if (p === '') continue
    const exception = /^(.*?)\(?\s*다만,?\s*([^)]*%[^)]*)\)?\s*$/u.exec(p)
    if (exception && /\d\s*%/.test(exception[1]!)) {
      parts.push(exception[1]!.trim(), `예외: ${exception[2]!.trim()}`)
    } else parts.push(p)
  }
  const hasException = parts.some((p) => p.startsWith('예외: '))
  const clauses = parts.map((text, i): Clause => {
    const scope: Scope = { any_of: null, none_of: [], other: false, known: true }
    const body = text.replace(/^예외: /u, '')
    const where = /^(.*?)(?:에서|에|은|는)\s*(?:[^\s%]*로서\s*)?(?:총\s*)?[\d.]+\s*%/u.exec(body)?.[1] ?? (/%/.test(body) ? '' : body)
    if (/기타\s*제품/u.test(where)) scope.other = true
    else if (where.trim() !== '') {
      const exposure: ScopeTag[] = /씻어내지\s*않는/u.test(where) ? ['leave_on'] : /씻어내는|세정/u.test(where) ? ['rinse_off'] : []
      const except = /(.*)를?\s*제외한/u.exec(where)
      const groups = (except ? where.slice(except[0].length) : where)
        .split(/,|및/u)
        .map((p) => [...new Set([...tagsOf(p, KO_TAGS), ...exposure])])
      const known = groups.filter((g) => g.length > 0)
      if (except)
        scope.none_of.push(
          ...except[1]!
            .split(/,|및/u)
            .map((p) => tagsOf(p, KO_TAGS))
            .filter((g) => g.length > 0),
        )
      if (known.length > 0) scope.any_of = known
      else if (!except) {
        scope.known = false
        notes.push(`scope not recognised: ${where.trim().slice(0, 60)}`)
      }
    } else if (hasException && !text.startsWith('예외: ') && i === 0) scope.other = true
    const pcts = [...body.matchAll(/(\d+(?:[.,]\d+)?)\s*%/g)].map((m) => Number(m[1]!.replace(',', '.')))
    if (new Set(pcts).size > 1) notes.push(`several percentages in one clause: ${body.slice(0, 60)}`)
    const basis = /([^\s,(]+?)(?:으)?로서/u.exec(body)?.[1] ?? null
    const ph = readPh(body)
    return {
      label: parts.length > 1 ? String.fromCharCode(97 + i) : null,
      product_type_text: where.trim() || null,
      scope,
      max_percent: pcts.length > 0 ? Math.min(...pcts) : null,
      basis,
      ph_min: ph.min,
      ph_max: ph.max,
      not_under_age_years: /만\s*(\d+)\s*세\s*이하/u.exec(body) ? Number(/만\s*(\d+)\s*세/u.exec(body)![1]) : null,
      warning: null,
      applies_from: null,
    }
  })
  if (clauses.every((c) => c.max_percent === null) && !/허용/u.test(limit)) notes.push('no maximum percentage found')
  return { clauses, labelling_duty: null, parsed: notes.length === 0, notes: [...new Set(notes)] }
}
