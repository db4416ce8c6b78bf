/**
 * Product types and the tags a regulation's scope is written in. One vocabulary for the
 * importer (annex / 별표2 text → clause scopes, src/importer/conditions.ts) and for the
 * verdicts (does this clause apply to the product being checked?). Pure constants.
 *
 * Source of the classes: the wording of Regulation (EC) No 1223/2009 Annexes III–VI
 * ("rinse-off", "leave-on", "hair products", "oral products", "products intended for
 * the eye area", "nail", "children under 3 years") and MFDS 별표2 (사용 후 씻어내는 제품,
 * 두발용 제품, 산화염모제, …).
 */

/** Tags a clause's scope may name, grouped by what they describe. */
export const EXPOSURE_TAGS = ['leave_on', 'rinse_off'] as const
export const AREA_TAGS = ['hair', 'oral', 'eye', 'lip', 'nail', 'face', 'body', 'hand'] as const
/** Special product classes: a product not of that class is simply outside the clause. */
export const CLASS_TAGS = [
  'children_under_3',
  'spray',
  'hair_dye',
  'depilatory',
  'deodorant',
  'fine_fragrance',
  'mucous_membranes',
  'professional',
] as const
export const SCOPE_TAGS = [...EXPOSURE_TAGS, ...AREA_TAGS, ...CLASS_TAGS] as const
export type ScopeTag = (typeof EXPOSURE_TAGS)[number] | (typeof AREA_TAGS)[number] | (typeof CLASS_TAGS)[number]

/** The `product_type` values the API accepts, with what each one is, and its tags. */
export const PRODUCT_TYPES = {
  leave_on: { tags: ['leave_on'], description: 'Leave-on product, body part not given (e.g. a cream or serum)' },
  rinse_off: { tags: ['rinse_off'], description: 'Rinse-off product, body part not given (e.g. a cleanser)' },
  face_leave_on: { tags: ['leave_on', 'face'], description: 'Leave-on face product: toner, essence, serum, cream, cushion, sheet mask' },
  face_rinse_off: { tags: ['rinse_off', 'face'], description: 'Rinse-off face product: foam cleanser, wash-off mask' },
  body_leave_on: { tags: ['leave_on', 'body'], description: 'Body lotion, body cream' },
  body_rinse_off: { tags: ['rinse_off', 'body'], description: 'Shower gel, body wash, soap' },
  hair_leave_on: { tags: ['leave_on', 'hair'], description: 'Hair lotion, hair oil, leave-in treatment' },
  hair_rinse_off: { tags: ['rinse_off', 'hair'], description: 'Shampoo, rinse-off conditioner' },
  eye_area: { tags: ['leave_on', 'eye', 'face'], description: 'Products for the eye area: eye cream, mascara, eyeliner, eye shadow' },
  lip: { tags: ['leave_on', 'lip', 'face'], description: 'Lipstick, lip tint, lip balm' },
  oral: { tags: ['rinse_off', 'oral'], description: 'Oral products: toothpaste, mouthwash' },
  nail: { tags: ['leave_on', 'nail'], description: 'Nail products' },
  sunscreen_spray: { tags: ['leave_on', 'body', 'spray'], description: 'Propellant or pump spray for the body (e.g. sun spray)' },
  children_under_3: { tags: ['leave_on', 'children_under_3'], description: 'Leave-on product for children under 3 years' },
} as const satisfies Record<string, { tags: readonly ScopeTag[]; description: string }>

export type ProductType = keyof typeof PRODUCT_TYPES
export const PRODUCT_TYPE_NAMES = Object.keys(PRODUCT_TYPES) as [ProductType, ...ProductType[]]

/**
 * Where a clause applies, as OR-lists of AND-groups of tags ("Rinse-off hair products" =
 * [[rinse_off, hair]]; "Face, hand and lip products" = [[face], [hand], [lip]]):
 * `any_of` null = every product; `none_of` excludes ("except …", "not to be used in …");
 * `other` = "other products" (applies where no sibling clause does); `known` false when
 * the wording was not recognised (the clause may or may not apply).
 */
export type Scope = { any_of: ScopeTag[][] | null; none_of: ScopeTag[][]; other: boolean; known: boolean }

export type Applicability = 'applies' | 'does_not_apply' | 'unknown'

const EXPOSURE: ReadonlySet<string> = new Set(EXPOSURE_TAGS)
const AREA: ReadonlySet<string> = new Set(AREA_TAGS)

/**
 * Whether a clause's scope covers a product with `tags`. A tag on a dimension the
 * product type does not state (its body part, or leave-on/rinse-off) gives `unknown`;
 * a special class the product is not of gives `does_not_apply`. `other` clauses are
 * decided by the caller (they depend on the sibling clauses).
 */
export function scopeApplies(scope: Scope, tags: readonly ScopeTag[]): Applicability {
  if (!scope.known) return 'unknown'
  const has = new Set<string>(tags)
  const statesExposure = tags.some((t) => EXPOSURE.has(t))
  const statesArea = tags.some((t) => AREA.has(t))
  const one = (tag: ScopeTag): Applicability => {
    if (has.has(tag)) return 'applies'
    if ((EXPOSURE.has(tag) && !statesExposure) || (AREA.has(tag) && !statesArea)) return 'unknown'
    return 'does_not_apply'
  }
  const all = (group: readonly ScopeTag[]): Applicability => {
    let unknown = false
    for (const t of group) {
      const d = one(t)
      if (d === 'does_not_apply') return d
      if (d === 'unknown') unknown = true
    }
    return unknown ? 'unknown' : 'applies'
  }
  const any = (groups: readonly (readonly ScopeTag[])[]): Applicability => {
    let unknown = false
    for (const g of groups) {
      const d = all(g)
      if (d === 'applies') return d
      if (d === 'unknown') unknown = true
    }
    return unknown ? 'unknown' : 'does_not_apply'
  }
  const excluded = scope.none_of.length > 0 ? any(scope.none_of) : 'does_not_apply'
  if (excluded === 'applies') return 'does_not_apply'
  const included = scope.any_of === null ? 'applies' : any(scope.any_of)
  if (included === 'does_not_apply') return included
  return excluded === 'unknown' || included === 'unknown' ? 'unknown' : 'applies'
}
