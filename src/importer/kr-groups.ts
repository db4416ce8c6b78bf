/**
 * Korean group rows ("살리실릭애씨드 및 그 염류", "Benzoic Acid, its salts and esters"): what
 * they cover, for rule 3 of `linkKrRules`. Pure.
 */
import { normaliseName, stripCommonNames } from '../ingredients/identifiers.ts'

/** Which salts a group row names: all salts, alkali-metal salts only, or the sodium salt. */
export type SaltScope = 'all' | 'alkali' | 'sodium'

/** What a group row of the Korean lists covers, parsed from one of its names. */
export interface KrGroup {
  /** Names of the base substance(s), normalised (`normaliseName`), whole name first. */
  bases: string[]
  /** Salts named by the row, or null. */
  salts: SaltScope | null
  /** The row names esters (expanded only through GROUP_MEMBERS). */
  esters: boolean
  /** The row names the monoethanolamide (expanded only through GROUP_MEMBERS). */
  monoethanolamide?: boolean
}

interface GroupSuffix {
  /** Regular-expression source, matched at the end of the normalised name. */
  re: string
  salts: SaltScope | null
  esters: boolean
  /** "their salts": the base is a ", " list of substances (English only). */
  list?: boolean
  monoethanolamide?: boolean
}

/**
 * Group phrases at the end of an English name (upper case, as `normaliseName` leaves it),
 * after ", " or a space. Every phrase here occurs in the transcription (SOURCES.md §4).
 * More specific first: the first that matches wins. "its esters" alone gives the base only.
 */
const EN_SUFFIXES: readonly GroupSuffix[] = [
  { re: 'ITS SALTS AND ITS HALOGENATED AND SULFONATED DERIVATIVES', salts: 'all', esters: false },
  { re: 'ITS ISOMERS, SALTS, HALOGENATED AND SULFONATED DERIVATIVES', salts: 'all', esters: false },
  { re: 'ITS SALTS AND GALENICAL PREPARATIONS', salts: 'all', esters: false },
  { re: 'ITS ESTERS AND ALKALI(?:NE)? SALTS', salts: 'alkali', esters: true },
  { re: 'ITS SALTS AND MONOETHANOLAMIDE', salts: 'all', esters: false, monoethanolamide: true },
  { re: 'ITS DERIVATIVES AND (?:THEIR )?SALTS', salts: 'all', esters: false },
  { re: '(?:AND )?ITS SALTS AND ESTERS', salts: 'all', esters: true },
  { re: 'ITS SALTS AND (?:DERIVATIVES|ETHERS)', salts: 'all', esters: false },
  { re: 'ITS ISOMERS AND SALTS', salts: 'all', esters: false },
  { re: 'AND THEIR ALKALI METAL SALTS', salts: 'alkali', esters: false, list: true },
  { re: 'AND ITS ALKALI(?:NE)? SALTS', salts: 'alkali', esters: false },
  { re: 'AND ITS SODIUM SALT', salts: 'sodium', esters: false },
  { re: 'AND THEIR SALTS', salts: 'all', esters: false, list: true },
  { re: '(?:AND )?ITS SALTS', salts: 'all', esters: false },
  { re: 'AND THEIR DERIVATIVES', salts: null, esters: false, list: true },
  { re: 'AND ITS (?:DERIVATIVES|ESTERS)', salts: null, esters: false },
  { re: 'AND ITS ESTERS WITH A FREE AMINO GROUP', salts: null, esters: false },
]

/**
 * The same for Korean names (그 염류 = its salts, 에스텔류 = esters, 유도체 = derivatives,
 * 알칼리 (금속)염 = alkali (metal) salts, 에텔 = ethers, 생약제제 = galenical preparations).
 * "및 그 에스텔" (esters alone) gives the base only.
 */
const KO_SUFFIXES: readonly GroupSuffix[] = [
  { re: '그 에스텔류 및 알칼리 염류', salts: 'alkali', esters: true },
  { re: '및 그 염류 및 모노에탄올아마이드', salts: 'all', esters: false, monoethanolamide: true },
  { re: '(?:및 )?그 염류 및 에스텔류', salts: 'all', esters: true },
  { re: '그 염류 및 (?:그 )?(?:유도체|에텔|생약제제)', salts: 'all', esters: false },
  { re: '(?:및 )?그 유도체 및 그 염류', salts: 'all', esters: false },
  { re: '및 그 알칼리 (?:금속)?염(?:류)?', salts: 'alkali', esters: false },
  { re: '및 그 염류', salts: 'all', esters: false },
  { re: '및 그 (?:유도체|에스텔(?:류)?)', salts: null, esters: false },
]

const compileSuffixes = (suffixes: readonly GroupSuffix[]) =>
  suffixes.map((s) => ({ ...s, regex: new RegExp(`^(.+?)(?:\\s*,\\s*|\\s+)${s.re}$`, 'u') }))
const SUFFIXES = { en: compileSuffixes(EN_SUFFIXES), ko: compileSuffixes(KO_SUFFIXES) }

/**
 * A parenthesis that qualifies the row rather than naming the substance:
 * "(e.g. Neostigmine bromide)", "(including isethionate)", "(except Basic Red 118 …)",
 * "(다만, 에스텔류 중 페닐은 제외)", "(이세치오네이트 포함)". Never used as a name.
 */
export const NOTE = /^(?:E\.G\.|(?:INCLUDING|EXCEPT|EXCLUDING|OTHER THAN|CONTAINING|SUCH AS)\b)|다만|제외|포함/u

/**
 * Parses a group row's name (`lang` picks the suffix table) into its base name(s) and what
 * else it covers; null when the name is not a group. Forms:
 *  - "BASE <suffix>": "Salicylic Acid and its salts" → SALICYLIC ACID, salts;
 *  - "BASE <suffix> (NOTE)": "Hexamidine and its salts (Isethionate and p-Hydroxybenzoate)";
 *    the parenthesis also names the base unless it is a qualifier (NOTE):
 *    "… and its salts (Bromoxynil and its salts)" → also BROMOXYNIL;
 *  - "NAME (BASE <suffix>)": "Tretinoin (Retinoic Acid and its salts)" → TRETINOIN and
 *    RETINOIC ACID, salts.
 * A base "NAME (OTHER NAME)" gives NAME and OTHER NAME too ("1,7-Heptanedicarboxylic acid
 * (Azelaic acid)"); with `list` (English "their salts") a base "A, B" gives A and B.
 */
export function parseKrGroup(name: string, lang: 'ko' | 'en'): KrGroup | null {
  const key = normaliseName(name)
  const direct = matchSuffix(key, lang)
  if (direct) return direct
  const paren = splitTrailingParenthesis(key)
  if (!paren) return null
  const head = matchSuffix(paren.head, lang)
  if (head) {
    if (!NOTE.test(paren.inner)) {
      const inner = parseKrGroup(paren.inner, lang)
      head.bases = unique([...head.bases, ...(inner ? inner.bases : alternatives(paren.inner))])
    }
    return head
  }
  const inner = NOTE.test(paren.inner) ? null : parseKrGroup(paren.inner, lang)
  if (!inner) return null
  return { ...inner, bases: unique([...baseNames(paren.head, lang, false), ...inner.bases]) }
}

function matchSuffix(key: string, lang: 'ko' | 'en'): KrGroup | null {
  for (const suffix of SUFFIXES[lang]) {
    const m = suffix.regex.exec(key)
    if (!m) continue
    const group: KrGroup = { bases: baseNames(m[1]!, lang, suffix.list ?? false), salts: suffix.salts, esters: suffix.esters }
    if (suffix.monoethanolamide) group.monoethanolamide = true
    return group
  }
  return null
}

/** The names a base text gives: itself, without common names, and "A (B)" → A, B. */
function baseNames(text: string, lang: 'ko' | 'en', list: boolean): string[] {
  const items = list && lang === 'en' ? text.split(/\s*,\s+/u) : [text]
  const out: string[] = []
  for (const item of items) {
    out.push(item)
    if (lang === 'en') out.push(stripCommonNames(item))
    const paren = splitTrailingParenthesis(item)
    if (paren) {
      out.push(paren.head)
      if (!NOTE.test(paren.inner)) out.push(...alternatives(paren.inner))
    }
  }
  return unique(out)
}

/** "2,4-Diaminoanisole or 4-Methoxy-m-phenylenediamine or CI 76050", "Amydricaine, Alypine". */
export function alternatives(text: string): string[] {
  return text.split(/\s*,\s+|\s+(?:OR|또는)\s+/u)
}

/**
 * "HEAD (INNER)": a balanced parenthesis at the end that is not part of a chemical name, else
 * null. English: a space must precede it (as in `stripCommonNames`), so "HYDROXYPROPYL
 * BIS(N-HYDROXYETHYL-P-PHENYLENEDIAMINE)" stays whole. Korean writes no space before a
 * synonym ("소르빅애씨드(헥사-2,4-디에노익 애씨드)"), so there the head must not end with a
 * multiplying prefix ("히드록시프로필 비스(N-히드록시에칠-P-페닐렌디아민)").
 */
export function splitTrailingParenthesis(key: string): { head: string; inner: string } | null {
  if (!key.endsWith(')')) return null
  let depth = 0
  for (let i = key.length - 1; i >= 0; i--) {
    if (key[i] === ')') depth++
    else if (key[i] === '(' && --depth === 0) {
      const head = key.slice(0, i)
      const inner = key.slice(i + 1, -1).trim()
      if (head.trim() === '' || inner === '') return null
      if (/[A-Z0-9\]\-']$/u.test(head) || /(?:비스|트리스|테트라키스|폴리|디|트리)$/u.test(head)) return null
      return { head: head.trim(), inner }
    }
  }
  return null
}

export function unique(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => n.trim()))].filter((n) => n !== '')
}

/**
 * Cations of the salts a salts group covers, as INCI writes them before the anion
 * (INCI nomenclature, e.g. SODIUM SALICYLATE, DISODIUM ETIDRONATE, TEA-SALICYLATE).
 * `alkali`: alkali metals only ("its alkali salts"); `sodium`: "its sodium salt".
 */
const CATIONS: Record<SaltScope, readonly string[]> = {
  all: [
    ...['SODIUM', 'POTASSIUM', 'AMMONIUM'].flatMap((c) => [c, `DI${c}`, `TRI${c}`, `TETRA${c}`]),
    ...['CALCIUM', 'MAGNESIUM', 'ZINC', 'ALUMINUM', 'LITHIUM'],
  ]
    .map((c) => `${c} `)
    .concat(['TEA-', 'MEA-', 'DEA-', 'AMP-']),
  alkali: [...['SODIUM', 'POTASSIUM'].flatMap((c) => [c, `DI${c}`, `TRI${c}`, `TETRA${c}`]), 'LITHIUM', 'DILITHIUM'].map((c) => `${c} `),
  sodium: ['SODIUM', 'DISODIUM', 'TRISODIUM', 'TETRASODIUM'].map((c) => `${c} `),
}

/**
 * INCI names of the salts of an acid named "… -IC ACID": the anion is "-ATE" (SALICYLIC ACID
 * → SALICYLATE; "-AIC" also gives "-ATE" without the A: AZELAIC ACID → AZELATE) after a
 * cation of CATIONS[scope]. Empty for any other name. Only names that are ingredients link.
 */
export function acidSaltNames(acid: string, scope: SaltScope): string[] {
  const m = /^(.*[A-Z])IC ACID$/u.exec(acid)
  if (!m) return []
  const stem = m[1]!
  const anions = [`${stem}ATE`]
  if (stem.endsWith('A')) anions.push(`${stem.slice(0, -1)}ATE`)
  return CATIONS[scope].flatMap((cation) => anions.map((anion) => `${cation}${anion}`))
}

/**
 * Base names of the transcription that INCI spells otherwise: p- (para) is 4-; CosIng gives
 * "4-Aminobenzoic acid" as the chemical name of PABA and "Acetylcysteine" of ACETYL CYSTEINE.
 */
export const BASE_ALIASES: Readonly<Record<string, string>> = {
  'P-HYDROXYBENZOIC ACID': '4-HYDROXYBENZOIC ACID',
  '4-AMINOBENZOIC ACID': 'PABA',
  ACETYLCYSTEINE: 'ACETYL CYSTEINE',
}

/**
 * Members of a group that the -ATE rule cannot name, by base INCI name. Each list is the
 * "Identified INGREDIENTS" of the EU CosIng annex entry for the same group (the Korean
 * preservative list follows EU Annex V), so it says which esters a Korean "esters" row
 * means in practice.
 */
export const GROUP_MEMBERS: Readonly<
  Record<
    string,
    {
      salts?: readonly string[]
      esters?: readonly string[]
      esterSalts?: readonly string[]
      monoethanolamide?: readonly string[]
      /** Every ingredient whose INCI name ends so is an ester (or an ester's salt) of the base. */
      esterSuffix?: string
      /** Names the rule text carves out ("(다만, 에스텔류 중 페닐은 제외)"). */
      except?: readonly string[]
    }
  >
> = {
  // "Its esters" of 4-hydroxybenzoic acid are the parabens: INCI names every ester (and its
  // salts) "…PARABEN" (METHYLPARABEN, ISOBUTYLPARABEN, SODIUM METHYLPARABEN), so all of them
  // are members — the EU bans some (Annex II), which does not take them out of the Korean
  // row. The Korean row carves out the phenyl ester ("에스텔류 중 페닐은 제외").
  '4-HYDROXYBENZOIC ACID': {
    salts: ['SODIUM PARABEN', 'POTASSIUM PARABEN', 'CALCIUM PARABEN'],
    esterSuffix: 'PARABEN',
    except: ['PHENYLPARABEN'],
  },
  // EU Annex V/1a (salts other than sodium, and esters of benzoic acid).
  'BENZOIC ACID': {
    esters: ['METHYL', 'ETHYL', 'PROPYL', 'BUTYL', 'ISOBUTYL', 'ISOPROPYL', 'PHENYL'].map((e) => `${e} BENZOATE`),
  },
  // EU Annex III/2a (thioglycolic acid and its salts) and III/2b (thioglycolic acid esters).
  'THIOGLYCOLIC ACID': {
    salts: ['ETHANOLAMINE THIOGLYCOLATE', 'STRONTIUM THIOGLYCOLATE', 'CALCIUM THIOGLYCOLATE HYDROXIDE'],
    esters: ['BUTYL', 'ETHYL', 'GLYCERYL', 'ISOOCTYL', 'ISOPROPYL', 'METHYL'].map((e) => `${e} THIOGLYCOLATE`),
  },
  // EU Annex III/3 (oxalic acid, its esters and alkaline salts).
  'OXALIC ACID': {
    salts: ['DILITHIUM OXALATE'],
    esters: ['DIBUTYL', 'DIETHYL', 'DIISOBUTYL', 'DIISOPROPYL', 'DIMETHYL', 'DIPROPYL'].map((e) => `${e} OXALATE`),
  },
  // EU Annex V/47 (hexamidine and its salts); the Korean row names isethionate and
  // p-hydroxybenzoate.
  HEXAMIDINE: { salts: ['HEXAMIDINE DIISETHIONATE', 'HEXAMIDINE PARABEN', 'HEXAMIDINE DIPARABEN'] },
  // EU Annex V/18 (undec-10-enoic acid and its salts); the amide's CosIng chemical name is
  // N-(2-hydroxyethyl)undec-10-enamide.
  'UNDECYLENIC ACID': { monoethanolamide: ['UNDECYLENAMIDE MEA'] },
  // CosIng: "Cysteine hydrochloride".
  CYSTEINE: { salts: ['CYSTEINE HCL'] },
  // Phenolates: INCI names the salts of o-phenylphenol "-PHENATE" (CosIng inventory).
  'O-PHENYLPHENOL': { salts: ['SODIUM O-PHENYLPHENATE', 'POTASSIUM O-PHENYLPHENATE', 'MEA O-PHENYLPHENATE'] },
}
