/**
 * Identifier rules shared by the importer and the service: name keys, CAS RNs, EC numbers.
 * Pure functions, no I/O.
 */

const WHITESPACE = /\s+/gu
/** Printable ASCII words with single spaces between them (normaliseName's fast path). */
const PLAIN_ASCII = /^[!-~]+(?: [!-~]+)*$/

/**
 * The exact-lookup key of an English or Korean name: Unicode NFKC (so fullwidth
 * "ＧＬＹＣＥＲＩＮ" and decomposed Hangul match too), upper case (locale-independent),
 * runs of whitespace collapsed to one space, trimmed.
 * "  glycerin " → "GLYCERIN"; "나이아신아마이드" stays as is (Hangul has no case).
 */
export function normaliseName(name: string): string {
  // Printable ASCII words with single spaces between them: NFKC, the spaces and the trim change nothing.
  if (PLAIN_ASCII.test(name)) return name.toUpperCase()
  return name.normalize('NFKC').replace(WHITESPACE, ' ').trim().toUpperCase()
}

/**
 * `normaliseName` without parenthesised text, used to merge MFDS English names such as
 * "Solanum Melongena (Eggplant) Fruit Extract" with CosIng's "SOLANUM MELONGENA FRUIT EXTRACT".
 */
export function stripParentheses(key: string): string {
  let prev = key
  for (;;) {
    const next = prev.replace(/\([^()]*\)/g, ' ')
    if (next === prev) break
    prev = next
  }
  return prev.replace(WHITESPACE, ' ').trim()
}

/** Shape of a CAS Registry Number: 2–7 digits, 2 digits, 1 check digit. */
export const CAS_SHAPE = /^(\d{2,7})-(\d{2})-(\d)$/

/**
 * True when `cas` has the CAS RN shape and a correct check digit.
 * Rule (CAS, "CAS Registry Number verification"): the check digit is the sum of each
 * digit times its position counted from the right (excluding the check digit), mod 10.
 */
export function isValidCas(cas: string): boolean {
  const m = CAS_SHAPE.exec(cas)
  if (!m) return false
  const digits = m[1]! + m[2]!
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    sum += (digits.length - i) * (digits.charCodeAt(i) - 48)
  }
  return sum % 10 === Number(m[3])
}

/** CAS-RN-shaped and EC-number-shaped tokens in free text (not glued to other digits). */
const CAS_TOKEN = /(?<![\d-])\d{2,7}-\d{2}-\d(?![\d-])/g
const EC_TOKEN = /(?<![\d-])\d{3}-\d{3}-\d(?![\d-])/g

/** Tokens of `cell` matching `token` whose validity is `wanted`, in order, without duplicates. */
function extractTokens(cell: string | undefined | null, token: RegExp, isValid: (t: string) => boolean, wanted: boolean): string[] {
  if (!cell) return []
  const out: string[] = []
  for (const m of cell.matchAll(token)) {
    if (isValid(m[0]) === wanted && !out.includes(m[0])) out.push(m[0])
  }
  return out
}

/** Every check-digit-valid CAS RN in a free-text cell, in order, without duplicates. */
export function extractCasNumbers(cell: string | undefined | null): string[] {
  return extractTokens(cell, CAS_TOKEN, isValidCas, true)
}

/** Shape of an EC number (EINECS 2xx/3xx, ELINCS 4xx, NLP 5xx, other 6xx-9xx). */
export const EC_SHAPE = /^(\d{3})-(\d{3})-(\d)$/

/**
 * True when `ec` has the EC number shape and a correct check digit.
 * Rule (ECHA, "EC number"): sum of the first six digits times 1..6, mod 11; a remainder
 * of 10 is not issued.
 */
export function isValidEc(ec: string): boolean {
  const m = EC_SHAPE.exec(ec)
  if (!m) return false
  const digits = m[1]! + m[2]!
  let sum = 0
  for (let i = 0; i < 6; i++) sum += (i + 1) * (digits.charCodeAt(i) - 48)
  return sum % 11 === Number(m[3])
}

/** Every check-digit-valid EC number in a free-text cell, in order, without duplicates. */
export function extractEcNumbers(cell: string | undefined | null): string[] {
  return extractTokens(cell, EC_TOKEN, isValidEc, true)
}

/**
 * Splits an MFDS 영문명 cell on commas outside parentheses ("Water,Aqua" → ["Water", "Aqua"];
 * "Peg-8 (a,b) Ester" stays whole). Empty parts and `-` are dropped.
 */
export function splitOutsideParentheses(cell: string | undefined | null, separator = ','): string[] {
  if (!cell) return []
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (const ch of cell) {
    if (ch === '(' || ch === '[') depth++
    else if ((ch === ')' || ch === ']') && depth > 0) depth--
    if (ch === separator && depth === 0) {
      parts.push(current)
      current = ''
    } else current += ch
  }
  parts.push(current)
  return parts.map((p) => p.replace(WHITESPACE, ' ').trim()).filter((p) => p !== '' && p !== '-')
}

/** Parses `DD/MM/YYYY` into ISO `YYYY-MM-DD`; anything else → null. */
export function isoDateFromDmy(cell: string | undefined | null): string | null {
  const m = cell ? /^\s*(\d{2})\/(\d{2})\/(\d{4})\s*$/.exec(cell) : null
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null
}

/**
 * CAS-RN-shaped tokens in a free-text cell whose check digit is wrong, in order, without
 * duplicates. The importer counts these as rejected values (the row itself is kept).
 */
export function extractInvalidCasNumbers(cell: string | undefined | null): string[] {
  return extractTokens(cell, CAS_TOKEN, isValidCas, false)
}

/** EC-number-shaped tokens in a free-text cell whose check digit is wrong (see `isValidEc`). */
export function extractInvalidEcNumbers(cell: string | undefined | null): string[] {
  return extractTokens(cell, EC_TOKEN, isValidEc, false)
}

/**
 * Splits an MFDS 영문명 or 이명 cell (or a CosIng annex "Identified INGREDIENTS" cell) into
 * names: like `splitOutsideParentheses`, except that chemical locant commas do not split —
 * a comma between two digits ("1,2-Hexanediol", "4,4'-…") or between two one-letter
 * locants ("N,N-Diethyl…", "N,N'-Bis…").
 * "Water,Aqua" → ["Water", "Aqua"]; "1,2-Hexanediol" → ["1,2-Hexanediol"].
 * Why: these cells separate names with a bare comma, so `splitOutsideParentheses` alone
 * turns "1,2-Hexanediol" into "1" and "2-Hexanediol" (72 MFDS English cells are affected).
 */
export function splitNameList(cell: string | undefined | null): string[] {
  if (!cell) return []
  // U+E000 (private use) never occurs in the sources; it shields locant commas from the split.
  const shielded = cell.replace(/(?<=\d),(?=\d)/g, '\uE000').replace(/(?<=(?<![A-Za-z])[A-Za-z]'?),(?=[A-Za-z]'?[-,'])/g, '\uE000')
  return splitOutsideParentheses(shielded).map((part) => part.replaceAll('\uE000', ','))
}

/**
 * A name key without its parenthesised common names — a group that follows a space and
 * holds no digits, slashes or nested parentheses: "HELIANTHUS ANNUUS (SUNFLOWER) SEED OIL"
 * → "HELIANTHUS ANNUUS SEED OIL", "TITANIUM DIOXIDE (NANO)" → "TITANIUM DIOXIDE".
 * Parentheses that are part of a chemical or peptide name stay: "R-(OLIGOPEPTIDE-91 …)",
 * "POLY(C4-12 OLEFIN)", "(2-ISOPROPYLPENT-4-ENOYL)UREA", "(A/B) LEAF EXTRACT".
 * Why not `stripParentheses`: on the real MFDS and CosIng files it reduces 58 different
 * CosIng peptides to "R-" and merges unrelated names, and turns a banned
 * "(2-Isopropylpent-4-enoyl)urea (Apronal)" into "UREA".
 */
export function stripCommonNames(key: string): string {
  return key
    .replace(/(?<=\s)\([^()/\d]*\)/g, ' ')
    .replace(WHITESPACE, ' ')
    .trim()
}
