/**
 * The bench scenarios (issue #15): what each sends, on which plan, what it must answer,
 * and which reference servers (bench/peers/) implement it. POST routes are probed first:
 * a route the binary does not have yet (404 not_found) is reported as skipped, so the
 * runner works before the route lands and picks it up after.
 */
import type { WrkRequest } from './lib/wrk.ts'

export type Peer = 'limit' | 'floor' | 'fastapi'
export type ScenarioName = 'inci' | 'korean' | 'search' | 'analyze' | 'bulk' | 'storm' | 'health' | 'mixed'

export type Scenario = {
  name: ScenarioName
  title: string
  /** Requests of the mix, with the proxy secret and plan already in their headers. */
  requests: WrkRequest[]
  /** Rotate X-RapidAPI-User over many consumers (stay under the plan's limit) or use one (storm it). */
  consumers: 'many' | 'one'
  /** Status every measured answer must have (wrk counts the others as non-2xx). */
  expect: 200 | 429
  peers: readonly Peer[]
}

/** Fifty INCI names a Korean skin-care label commonly prints (our own list). */
export const LABEL_50 = [
  'Water',
  'Glycerin',
  'Butylene Glycol',
  'Niacinamide',
  'Dipropylene Glycol',
  '1,2-Hexanediol',
  'Propanediol',
  'Panthenol',
  'Sodium Hyaluronate',
  'Allantoin',
  'Adenosine',
  'Betaine',
  'Trehalose',
  'Squalane',
  'Caprylic/Capric Triglyceride',
  'Cetearyl Alcohol',
  'Glyceryl Stearate',
  'PEG-100 Stearate',
  'Dimethicone',
  'Cyclopentasiloxane',
  'Tocopheryl Acetate',
  'Carbomer',
  'Tromethamine',
  'Xanthan Gum',
  'Hydroxyethylcellulose',
  'Disodium EDTA',
  'Phenoxyethanol',
  'Ethylhexylglycerin',
  'Citric Acid',
  'Sodium Citrate',
  'Centella Asiatica Extract',
  'Madecassoside',
  'Asiaticoside',
  'Ceramide NP',
  'Cholesterol',
  'Hydrogenated Lecithin',
  'Polyglyceryl-10 Laurate',
  'Sodium Benzoate',
  'Potassium Sorbate',
  'Arginine',
  'Ascorbic Acid',
  'Tocopherol',
  'Retinol',
  'Salicylic Acid',
  'Zinc Oxide',
  'Titanium Dioxide',
  'Limonene',
  'Linalool',
  'Fragrance',
  'Camellia Sinensis Leaf Extract',
] as const

/** Candidate bodies for the POST routes, tried in order until one answers 200 (shapes from issue #11). */
export const POST_BODIES: Record<'analyze' | 'bulk', { path: string; bodies: unknown[] }> = {
  analyze: { path: '/v1/analyze', bodies: [{ text: LABEL_50.join(', ') }, { ingredients: [...LABEL_50] }] },
  bulk: {
    path: '/v1/ingredients/lookup',
    bodies: [{ names: [...LABEL_50] }, { items: [...LABEL_50] }, { queries: [...LABEL_50] }, { ingredients: [...LABEL_50] }],
  },
}

/** Builds the scenarios for a proxy secret; `bodies` holds the POST body each probe accepted. */
export function scenarios(secret: string, bodies: Partial<Record<'analyze' | 'bulk', string>>): Scenario[] {
  const h = (plan: string) => ({ 'X-RapidAPI-Proxy-Secret': secret, 'X-RapidAPI-Subscription': plan })
  const get = (path: string, plan: string, weight = 1): WrkRequest => ({ method: 'GET', path, headers: h(plan), weight })
  const korean = `/v1/ingredients/korean?q=${encodeURIComponent('글리세린')}`
  const post = (which: 'analyze' | 'bulk', weight = 1): WrkRequest[] =>
    bodies[which] === undefined ? [] : [{ method: 'POST', path: POST_BODIES[which].path, body: bodies[which], headers: h('PRO'), weight }]
  return [
    {
      name: 'inci',
      title: 'exact INCI lookup',
      requests: [get('/v1/ingredients/inci?q=glycerin', 'BASIC')],
      consumers: 'many',
      expect: 200,
      peers: ['limit', 'floor', 'fastapi'],
    },
    {
      name: 'korean',
      title: 'Korean lookup',
      requests: [get(korean, 'BASIC')],
      consumers: 'many',
      expect: 200,
      peers: ['limit', 'floor', 'fastapi'],
    },
    {
      name: 'search',
      title: 'common-substring search',
      requests: [get('/v1/ingredients/search?q=acid', 'PRO')],
      consumers: 'many',
      expect: 200,
      peers: [],
    },
    {
      name: 'analyze',
      title: '50-item label analysis',
      requests: post('analyze'),
      consumers: 'many',
      expect: 200,
      // The limit and floor send the product's own answer to this body (seeded), bytes encoded once.
      peers: ['limit', 'floor'],
    },
    { name: 'bulk', title: 'bulk lookup of 50', requests: post('bulk'), consumers: 'many', expect: 200, peers: [] },
    {
      name: 'storm',
      title: '429 storm (one BASIC consumer)',
      requests: [get('/v1/ingredients/inci?q=glycerin', 'BASIC')],
      consumers: 'one',
      expect: 429,
      peers: [],
    },
    {
      name: 'health',
      title: '/health',
      requests: [{ method: 'GET', path: '/health' }],
      consumers: 'many',
      expect: 200,
      peers: ['limit', 'floor', 'fastapi'],
    },
    {
      name: 'mixed',
      title: 'mixed profile',
      requests: [
        get('/v1/ingredients/inci?q=glycerin', 'PRO', 30),
        get('/v1/ingredients/inci?q=niacinamide', 'PRO', 10),
        get(korean, 'PRO', 20),
        get('/v1/ingredients/cas/56-81-5', 'PRO', 10),
        get('/v1/ingredients/34040', 'PRO', 10),
        get(`/v1/ingredients/search?q=${encodeURIComponent('hyaluron')}`, 'PRO', 8),
        get('/v1/stats', 'PRO', 2),
        { method: 'GET', path: '/health', weight: 4 },
        ...post('analyze', 3),
        ...post('bulk', 3),
      ],
      consumers: 'many',
      expect: 200,
      peers: [],
    },
  ]
}
