/**
 * A corpus of 44 labels written by the team: our own invented products (facts only —
 * ingredient names and percentages, no text from any real product or source file), as
 * printed on Korean cosmetics: toners, essences, serums, creams, sunscreens, cleansers,
 * cushions, masks; Korean, English and mixed; clean and messy. Each label lists the
 * matches and verdicts a person checking it by hand against the annexes would expect.
 */
import type { ProductType } from '../../../src/analysis/product-types.ts'

type Summary = 'blocked' | 'check' | 'no_findings'
/**
 * Per position: the INCI name the item must resolve to, or the names it may resolve to
 * when CosIng lists the substance twice (ZINC OXIDE / CI 77947); null: must stay unresolved.
 */
type Matches = Record<number, string | string[] | null>
/** Per position and market: a status, or a limit result. */
type Verdicts = Record<number, Partial<Record<'EU' | 'KR', string>>>

export type CorpusLabel = {
  id: string
  category: 'toner' | 'essence' | 'serum' | 'cream' | 'sunscreen' | 'cleanser' | 'cushion' | 'mask' | 'kit'
  language: 'ko' | 'en' | 'mixed'
  messy: boolean
  product_type?: ProductType
  text: string
  expect: {
    /** Items per product, in order. */
    items: number[]
    matches: Matches
    verdicts?: Verdicts
    eu: Summary
    kr: Summary
  }
}

export const CORPUS: CorpusLabel[] = [
  // ---- toners ----
  {
    id: 'toner-centella-ko',
    category: 'toner',
    language: 'ko',
    messy: false,
    product_type: 'face_leave_on',
    text: '[전성분] 정제수, 병풀추출물, 부틸렌글라이콜, 글리세린, 1,2-헥산다이올, 판테놀, 알란토인, 소듐하이알루로네이트, 다이소듐이디티에이',
    expect: {
      items: [9],
      matches: { 1: ['AQUA', 'WATER'], 2: 'CENTELLA ASIATICA EXTRACT', 5: '1,2-HEXANEDIOL', 8: 'SODIUM HYALURONATE' },
      eu: 'no_findings',
      kr: 'no_findings',
    },
  },
  {
    id: 'toner-rice-en',
    category: 'toner',
    language: 'en',
    messy: false,
    product_type: 'face_leave_on',
    text: 'Ingredients: Water, Oryza Sativa (Rice) Extract, Glycerin, Butylene Glycol, Niacinamide, 1,2-Hexanediol, Betaine, Panthenol, Disodium EDTA.',
    expect: { items: [9], matches: { 2: 'ORYZA SATIVA EXTRACT', 5: 'NIACINAMIDE', 7: 'BETAINE' }, eu: 'no_findings', kr: 'no_findings' },
  },
  {
    id: 'toner-aha-bha-mixed',
    category: 'toner',
    language: 'mixed',
    messy: true,
    product_type: 'face_leave_on',
    text: 'Clarifying Toner 150ml\nINGREDIENTS : Water (정제수), Glycolic Acid (3%), Salicylic Acid 0,5%, Butylene Glycol, Sodium Hydroxide, Panthenol, Allantoin*\n*Skin-soothing agent',
    expect: {
      items: [7],
      matches: { 2: 'GLYCOLIC ACID', 3: 'SALICYLIC ACID', 5: 'SODIUM HYDROXIDE' },
      verdicts: { 3: { EU: 'within_limit' }, 5: { EU: 'restricted' } },
      eu: 'check',
      kr: 'check',
    },
  },
  {
    id: 'toner-propolis-ko-boilerplate',
    category: 'toner',
    language: 'ko',
    messy: true,
    product_type: 'face_leave_on',
    text: '화장품법에 따라 기재·표시하여야 하는 모든 성분\n프로폴리스추출물, 정제수, 부틸렌글라이콜, 나이아신아마이드, 글리세린, 베타인, 판테놀, 꿀추출물, 에틸헥실글리세린, 잔탄검',
    expect: { items: [10], matches: { 1: 'PROPOLIS EXTRACT', 10: 'XANTHAN GUM' }, eu: 'no_findings', kr: 'no_findings' },
  },
  {
    id: 'toner-rose-fragrance',
    category: 'toner',
    language: 'en',
    messy: false,
    product_type: 'face_leave_on',
    text: 'Rosa Damascena Flower Water, Glycerin, Butylene Glycol, 1,2-Hexanediol, Parfum, Linalool, Citronellol, Geraniol',
    expect: {
      items: [8],
      matches: { 6: 'LINALOOL', 7: 'CITRONELLOL', 8: 'GERANIOL' },
      verdicts: { 6: { EU: 'restricted', KR: 'not_listed' }, 8: { EU: 'restricted' } },
      eu: 'check',
      kr: 'no_findings',
    },
  },
  {
    id: 'toner-citrus-conditional',
    category: 'toner',
    language: 'ko',
    messy: false,
    product_type: 'face_leave_on',
    text: '정제수, 부틸렌글라이콜, 레몬추출물, 자몽껍질추출물, 글리세린, 판테놀',
    expect: {
      items: [6],
      matches: { 3: 'CITRUS LIMON FRUIT EXTRACT', 4: 'CITRUS PARADISI PEEL EXTRACT' },
      verdicts: { 3: { EU: 'cannot_tell' }, 4: { EU: 'cannot_tell', KR: 'not_listed' } },
      eu: 'check',
      kr: 'no_findings',
    },
  },
  {
    id: 'toner-pads-semicolons',
    category: 'toner',
    language: 'en',
    messy: true,
    product_type: 'face_leave_on',
    text: 'Water; Butylene Glycol; Propanediol; Lactic Acid; Sodium Lactate; Glycerin; Citric Acid; Sodium Citrate; Phenoxyethanol; Ethylhexylglycerin',
    expect: {
      items: [10],
      matches: { 4: 'LACTIC ACID', 9: 'PHENOXYETHANOL' },
      verdicts: { 9: { EU: 'cannot_tell', KR: 'cannot_tell' } },
      eu: 'check',
      kr: 'check',
    },
  },

  // ---- essences ----
  {
    id: 'essence-snail-ko',
    category: 'essence',
    language: 'ko',
    messy: false,
    product_type: 'face_leave_on',
    text: '전성분: 달팽이점액여과물, 베타인, 부틸렌글라이콜, 1,2-헥산다이올, 소듐폴리아크릴레이트, 판테놀, 아르지닌, 알란토인, 소듐하이알루로네이트',
    expect: { items: [9], matches: { 1: 'SNAIL SECRETION FILTRATE' }, eu: 'no_findings', kr: 'no_findings' },
  },
  {
    id: 'essence-ferment-en',
    category: 'essence',
    language: 'en',
    messy: false,
    product_type: 'face_leave_on',
    text: 'Galactomyces Ferment Filtrate, Butylene Glycol, Niacinamide, Glycerin, Pentylene Glycol, Sodium Hyaluronate, Adenosine, Disodium EDTA',
    expect: { items: [8], matches: { 1: 'GALACTOMYCES FERMENT FILTRATE', 7: 'ADENOSINE' }, eu: 'no_findings', kr: 'no_findings' },
  },
  {
    id: 'essence-stem-cell-ko',
    category: 'essence',
    language: 'ko',
    messy: false,
    product_type: 'face_leave_on',
    text: '[전성분] 정제수, 인체줄기세포배양액, 글리세린, 부틸렌글라이콜, 나이아신아마이드, 아데노신, 소듐하이알루로네이트',
    expect: {
      items: [7],
      matches: { 2: 'HUMAN STEM CELL CONDITIONED MEDIA' },
      verdicts: { 2: { EU: 'prohibited', KR: 'not_listed' } },
      eu: 'blocked',
      kr: 'no_findings',
    },
  },
  {
    id: 'essence-mixed-slashes',
    category: 'essence',
    language: 'mixed',
    messy: true,
    product_type: 'face_leave_on',
    text: 'INCI: Aqua/Water/Eau, Saccharomyces Ferment, Glycerin, 나이아신아마이드, Caprylic/Capric Triglyceride, Carbomer, Tromethamine, Fragrance (Parfum).',
    expect: {
      items: [8],
      matches: { 4: 'NIACINAMIDE', 5: 'CAPRYLIC/CAPRIC TRIGLYCERIDE', 7: 'TROMETHAMINE' },
      verdicts: { 7: { EU: 'restricted' } },
      eu: 'check',
      kr: 'no_findings',
    },
  },
  {
    id: 'essence-yuja-ko-spaces',
    category: 'essence',
    language: 'ko',
    messy: true,
    product_type: 'face_leave_on',
    text: '성분 : 유자추출물 · 부틸렌 글라이콜 · 글리세린 · 나이아신아마이드 · 1,2-헥산다이올 · 아스코빌글루코사이드 · 향료',
    expect: { items: [7], matches: { 2: 'BUTYLENE GLYCOL', 6: 'ASCORBYL GLUCOSIDE' }, eu: 'no_findings', kr: 'no_findings' },
  },

  // ---- serums ----
  {
    id: 'serum-niacinamide-10',
    category: 'serum',
    language: 'en',
    messy: false,
    product_type: 'face_leave_on',
    text: 'Water, Niacinamide (10%), Zinc PCA (1%), Glycerin, Pentylene Glycol, Tamarindus Indica Seed Gum, Xanthan Gum, Phenoxyethanol, Ethylhexylglycerin',
    expect: { items: [9], matches: { 2: 'NIACINAMIDE', 3: 'ZINC PCA' }, verdicts: { 3: { EU: 'within_limit' } }, eu: 'check', kr: 'check' },
  },
  {
    id: 'serum-vitamin-c',
    category: 'serum',
    language: 'en',
    messy: false,
    product_type: 'face_leave_on',
    text: 'Ascorbic Acid 15%, Water, Propanediol, Glycerin, Tocopherol, Ferulic Acid, Sodium Hyaluronate',
    expect: {
      items: [7],
      matches: { 1: 'ASCORBIC ACID', 5: 'TOCOPHEROL', 6: 'FERULIC ACID' },
      verdicts: { 5: { EU: 'not_listed', KR: 'cannot_tell' } },
      eu: 'no_findings',
      kr: 'check',
    },
  },
  {
    id: 'serum-retinol-ko',
    category: 'serum',
    language: 'ko',
    messy: false,
    product_type: 'face_leave_on',
    text: '정제수, 스쿠알란, 부틸렌글라이콜, 글리세린, 레티놀(0.1%), 토코페롤, 카보머, 트로메타민, 페녹시에탄올',
    expect: { items: [9], matches: { 2: 'SQUALANE', 5: 'RETINOL' }, verdicts: { 5: { EU: 'restricted' } }, eu: 'check', kr: 'check' },
  },
  {
    id: 'serum-arbutin-over',
    category: 'serum',
    language: 'en',
    messy: false,
    product_type: 'face_leave_on',
    text: 'Water, Alpha-Arbutin (5%), Butylene Glycol, Glycerin, Niacinamide, Adenosine, Sodium Hyaluronate',
    expect: { items: [7], matches: { 2: 'ALPHA-ARBUTIN' }, verdicts: { 2: { EU: 'over_limit' } }, eu: 'blocked', kr: 'no_findings' },
  },
  {
    id: 'serum-peptide-mixed',
    category: 'serum',
    language: 'mixed',
    messy: true,
    product_type: 'face_leave_on',
    text: '전성분 / Ingredients\n정제수(Water), 글리세린(Glycerin), Palmitoyl Pentapeptide-4, Acetyl Hexapeptide-8, 아데노신(Adenosine), 1,2-Hexanediol',
    expect: {
      items: [6],
      matches: { 1: ['AQUA', 'WATER'], 3: 'PALMITOYL PENTAPEPTIDE-4', 4: 'ACETYL HEXAPEPTIDE-8' },
      eu: 'no_findings',
      kr: 'no_findings',
    },
  },
  {
    id: 'serum-hydroquinone',
    category: 'serum',
    language: 'en',
    messy: false,
    product_type: 'face_leave_on',
    text: 'Water, Hydroquinone (2%), Glycerin, Butylene Glycol, Sodium Metabisulfite, Phenoxyethanol',
    expect: {
      items: [6],
      matches: { 2: 'HYDROQUINONE' },
      verdicts: { 2: { EU: 'prohibited', KR: 'prohibited' } },
      eu: 'blocked',
      kr: 'blocked',
    },
  },

  // ---- creams ----
  {
    id: 'cream-ceramide-ko',
    category: 'cream',
    language: 'ko',
    messy: false,
    product_type: 'face_leave_on',
    text: '정제수, 글리세린, 카프릴릭/카프릭트라이글리세라이드, 세테아릴알코올, 부틸렌글라이콜, 스쿠알란, 세라마이드엔피, 콜레스테롤, 하이드로제네이티드레시틴, 다이메티콘, 카보머, 트로메타민, 알란토인',
    expect: {
      items: [13],
      matches: { 3: 'CAPRYLIC/CAPRIC TRIGLYCERIDE', 7: 'CERAMIDE NP', 10: 'DIMETHICONE' },
      verdicts: { 12: { EU: 'restricted' } },
      eu: 'check',
      kr: 'no_findings',
    },
  },
  {
    id: 'cream-shea-en',
    category: 'cream',
    language: 'en',
    messy: false,
    product_type: 'face_leave_on',
    text: 'Water, Butyrospermum Parkii (Shea) Butter, Glycerin, Cetearyl Alcohol, Glyceryl Stearate, Squalane, Simmondsia Chinensis (Jojoba) Seed Oil, Tocopherol, Xanthan Gum, Potassium Sorbate, Sodium Benzoate',
    expect: {
      items: [11],
      matches: { 2: 'BUTYROSPERMUM PARKII BUTTER', 7: 'SIMMONDSIA CHINENSIS SEED OIL', 10: 'POTASSIUM SORBATE' },
      verdicts: { 10: { EU: 'allowed_with_conditions' } },
      eu: 'check',
      kr: 'check',
    },
  },
  {
    id: 'cream-eye-caffeine',
    category: 'cream',
    language: 'en',
    messy: false,
    product_type: 'eye_area',
    text: 'Water, Caffeine, Glycerin, Dimethicone, Cetyl Ethylhexanoate, Adenosine, Carbomer, Tromethamine, Ethylhexylglycerin',
    expect: { items: [9], matches: { 2: 'CAFFEINE', 5: 'CETYL ETHYLHEXANOATE' }, eu: 'check', kr: 'no_findings' },
  },
  {
    id: 'cream-ginseng-mixed-footnotes',
    category: 'cream',
    language: 'mixed',
    messy: true,
    product_type: 'face_leave_on',
    text: 'Ingredients: Water, Panax Ginseng Root Extract*, Glycerin, Camellia Japonica Seed Oil**, Cetearyl Alcohol, Butylene Glycol, Honey Extract, Parfum.\n* 인삼 6년근\n** 동백 from Jeju',
    expect: {
      items: [8],
      matches: { 2: 'PANAX GINSENG ROOT EXTRACT', 4: 'CAMELLIA JAPONICA SEED OIL' },
      eu: 'no_findings',
      kr: 'no_findings',
    },
  },
  {
    id: 'cream-children',
    category: 'cream',
    language: 'en',
    messy: false,
    product_type: 'children_under_3',
    text: 'Water, Glycerin, Caprylic/Capric Triglyceride, Salicylic Acid (0.2%), Cetearyl Alcohol, Panthenol, Phenoxyethanol (0.5%)',
    expect: { items: [7], matches: { 4: 'SALICYLIC ACID' }, verdicts: { 7: { EU: 'within_limit' } }, eu: 'check', kr: 'check' },
  },
  {
    id: 'cream-long-prose',
    category: 'cream',
    language: 'en',
    messy: true,
    product_type: 'face_leave_on',
    text: 'A rich night cream that melts into the skin and keeps it soft until morning. Ingredients: Water, Glycerin, Hydrogenated Polydecene, Cetearyl Alcohol, Dimethicone, Sodium Hyaluronate, Ceramide NP. Made in Korea. Store below 30°C.',
    expect: { items: [7], matches: { 3: 'HYDROGENATED POLYDECENE', 7: 'CERAMIDE NP' }, eu: 'no_findings', kr: 'no_findings' },
  },

  // ---- sunscreens ----
  {
    id: 'sun-homosalate-10',
    category: 'sunscreen',
    language: 'en',
    messy: false,
    product_type: 'face_leave_on',
    text: 'Water, Homosalate (10%), Ethylhexyl Salicylate (5%), Butyl Methoxydibenzoylmethane (3%), Octocrylene (7%), Glycerin, Dimethicone, Phenoxyethanol',
    expect: {
      items: [8],
      matches: { 2: 'HOMOSALATE', 3: 'ETHYLHEXYL SALICYLATE', 4: 'BUTYL METHOXYDIBENZOYLMETHANE', 5: 'OCTOCRYLENE' },
      verdicts: { 2: { EU: 'over_limit', KR: 'within_limit' }, 4: { EU: 'within_limit', KR: 'within_limit' }, 5: { EU: 'within_limit' } },
      eu: 'blocked',
      kr: 'check',
    },
  },
  {
    id: 'sun-mineral-nano',
    category: 'sunscreen',
    language: 'en',
    messy: false,
    product_type: 'face_leave_on',
    text: 'Zinc Oxide (nano) 20%, Titanium Dioxide [nano] 5%, Caprylic/Capric Triglyceride, Cyclopentasiloxane, Dimethicone, Tocopherol',
    expect: {
      items: [6],
      matches: { 1: ['ZINC OXIDE', 'CI 77947'], 2: ['TITANIUM DIOXIDE', 'CI 77891'] },
      verdicts: { 1: { EU: 'within_limit', KR: 'within_limit' } },
      eu: 'check',
      kr: 'check',
    },
  },
  {
    id: 'sun-ko-standard',
    category: 'sunscreen',
    language: 'ko',
    messy: false,
    product_type: 'face_leave_on',
    text: '정제수, 징크옥사이드, 티타늄디옥사이드, 사이클로펜타실록산, 부틸렌글라이콜, 다이메티콘, 나이아신아마이드, 옥토크릴렌, 호모살레이트',
    expect: { items: [9], matches: { 2: ['ZINC OXIDE', 'CI 77947'], 8: 'OCTOCRYLENE', 9: 'HOMOSALATE' }, eu: 'check', kr: 'check' },
  },
  {
    id: 'sun-spray-body',
    category: 'sunscreen',
    language: 'en',
    messy: false,
    product_type: 'sunscreen_spray',
    text: 'Alcohol Denat., Homosalate (7%), Octocrylene (9%), Ethylhexyl Salicylate (5%), Butyl Methoxydibenzoylmethane (3%), Tocopherol',
    expect: {
      items: [6],
      matches: { 2: 'HOMOSALATE', 3: 'OCTOCRYLENE' },
      verdicts: { 2: { EU: 'not_permitted_for_product_type' }, 3: { EU: 'within_limit' } },
      eu: 'blocked',
      kr: 'check',
    },
  },
  {
    id: 'sun-mixed-messy',
    category: 'sunscreen',
    language: 'mixed',
    messy: true,
    product_type: 'face_leave_on',
    text: '전성분:\n정제수,\n징크옥사이드 (Zinc Oxide),\n다이메티콘,\n글리세린,\n Titanium Dioxide (CI 77891) ,\n토코페롤.\n',
    expect: {
      items: [6],
      matches: { 2: ['ZINC OXIDE', 'CI 77947'], 5: ['TITANIUM DIOXIDE', 'CI 77891'], 6: 'TOCOPHEROL' },
      eu: 'check',
      kr: 'check',
    },
  },
  {
    id: 'sun-stick-formaldehyde',
    category: 'sunscreen',
    language: 'en',
    messy: false,
    product_type: 'face_leave_on',
    text: 'Caprylic/Capric Triglyceride, Zinc Oxide, Ozokerite, Formaldehyde, Tocopherol',
    expect: {
      items: [5],
      matches: { 4: 'FORMALDEHYDE' },
      verdicts: { 4: { EU: 'prohibited', KR: 'prohibited' } },
      eu: 'blocked',
      kr: 'blocked',
    },
  },

  // ---- cleansers ----
  {
    id: 'cleanser-foam-ko',
    category: 'cleanser',
    language: 'ko',
    messy: false,
    product_type: 'face_rinse_off',
    text: '정제수, 글리세린, 미리스틱애씨드, 스테아릭애씨드, 포타슘하이드록사이드, 라우릭애씨드, 코카미도프로필베타인, 글라이콜디스테아레이트, 향료',
    expect: {
      items: [9],
      matches: { 3: 'MYRISTIC ACID', 5: 'POTASSIUM HYDROXIDE', 7: 'COCAMIDOPROPYL BETAINE' },
      verdicts: { 5: { EU: 'restricted', KR: 'restricted' } },
      eu: 'check',
      kr: 'check',
    },
  },
  {
    id: 'cleanser-bha-rinse',
    category: 'cleanser',
    language: 'en',
    messy: false,
    product_type: 'face_rinse_off',
    text: 'Water, Sodium Lauroyl Methyl Isethionate, Cocamidopropyl Betaine, Salicylic Acid (2%), Glycerin, Sodium Chloride, Citric Acid',
    expect: {
      items: [7],
      matches: { 2: 'SODIUM LAUROYL METHYL ISETHIONATE', 4: 'SALICYLIC ACID' },
      verdicts: { 4: { EU: 'cannot_tell' } },
      eu: 'check',
      kr: 'check',
    },
  },
  {
    id: 'cleanser-oil-en',
    category: 'cleanser',
    language: 'en',
    messy: false,
    product_type: 'face_rinse_off',
    text: 'Helianthus Annuus (Sunflower) Seed Oil, Olea Europaea (Olive) Fruit Oil, Sorbeth-30 Tetraoleate, Caprylic/Capric Triglyceride, Tocopherol',
    expect: {
      items: [5],
      matches: { 1: 'HELIANTHUS ANNUUS SEED OIL', 2: 'OLEA EUROPAEA FRUIT OIL' },
      verdicts: { 5: { KR: 'restricted' } },
      eu: 'no_findings',
      kr: 'check',
    },
  },
  {
    id: 'cleanser-shampoo-mit',
    category: 'cleanser',
    language: 'en',
    messy: false,
    product_type: 'hair_rinse_off',
    text: 'Water, Sodium Laureth Sulfate, Cocamidopropyl Betaine, Sodium Chloride, Methylisothiazolinone (0.01%), Citric Acid, Parfum',
    expect: {
      items: [7],
      matches: { 5: 'METHYLISOTHIAZOLINONE' },
      verdicts: { 5: { EU: 'over_limit', KR: 'over_limit' } },
      eu: 'blocked',
      kr: 'blocked',
    },
  },
  {
    id: 'cleanser-mit-leave-on',
    category: 'cleanser',
    language: 'en',
    messy: false,
    product_type: 'face_leave_on',
    text: 'Micellar water: Water, Poloxamer 184, Glycerin, Methylisothiazolinone, Sodium Citrate',
    expect: {
      items: [5],
      matches: { 4: 'METHYLISOTHIAZOLINONE' },
      verdicts: { 4: { EU: 'not_permitted_for_product_type' } },
      eu: 'blocked',
      kr: 'check',
    },
  },

  // ---- cushions ----
  {
    id: 'cushion-shades-en',
    category: 'cushion',
    language: 'en',
    messy: true,
    product_type: 'face_leave_on',
    text: 'Water, Cyclopentasiloxane, Titanium Dioxide, Ethylhexyl Methoxycinnamate, Butylene Glycol, Dimethicone, Niacinamide, Mica, Talc. May contain [+/- CI 77491, CI 77492, CI 77499]',
    expect: {
      items: [12],
      matches: { 4: 'ETHYLHEXYL METHOXYCINNAMATE', 8: 'MICA', 10: 'CI 77491', 12: 'CI 77499' },
      verdicts: { 10: { EU: 'allowed_with_conditions' } },
      eu: 'check',
      kr: 'check',
    },
  },
  {
    id: 'cushion-ko-plusminus',
    category: 'cushion',
    language: 'ko',
    messy: true,
    product_type: 'face_leave_on',
    text: '정제수, 사이클로펜타실록산, 티타늄디옥사이드, 부틸렌글라이콜, 나이아신아마이드, 다이메티콘, 마이카 [+/- 적색산화철, 황색산화철, 흑색산화철]',
    expect: { items: [10], matches: { 7: 'MICA', 8: 'CI 77491', 9: 'CI 77492', 10: 'CI 77499' }, eu: 'check', kr: 'check' },
  },
  {
    id: 'cushion-mixed-pct',
    category: 'cushion',
    language: 'mixed',
    messy: true,
    product_type: 'face_leave_on',
    text: 'Ingredients: Water, Titanium Dioxide (CI 77891) 8.5%, Ethylhexyl Methoxycinnamate 7%, Dimethicone; Phenyl Trimethicone; Butylene Glycol; Talc (탤크); Iron Oxides (CI 77492)',
    expect: {
      items: [8],
      matches: { 2: ['TITANIUM DIOXIDE', 'CI 77891'], 3: 'ETHYLHEXYL METHOXYCINNAMATE', 7: 'TALC' },
      verdicts: { 3: { EU: 'within_limit' } },
      eu: 'check',
      kr: 'check',
    },
  },
  {
    id: 'cushion-kit-refill',
    category: 'kit',
    language: 'en',
    messy: true,
    product_type: 'face_leave_on',
    text: 'Cushion: Water, Cyclopentasiloxane, Zinc Oxide, Dimethicone, Niacinamide.  Refill: Water, Cyclopentasiloxane, Zinc Oxide, Dimethicone, Niacinamide, Adenosine.',
    expect: { items: [5, 6], matches: { 3: ['ZINC OXIDE', 'CI 77947'] }, eu: 'check', kr: 'check' },
  },

  // ---- masks ----
  {
    id: 'mask-sheet-ko',
    category: 'mask',
    language: 'ko',
    messy: false,
    product_type: 'face_leave_on',
    text: '[전성분] 정제수, 글리세린, 부틸렌글라이콜, 나이아신아마이드, 알란토인, 판테놀, 녹차추출물, 카보머, 아르지닌, 에틸헥실글리세린, 아데노신',
    expect: { items: [11], matches: { 7: 'CAMELLIA SINENSIS LEAF EXTRACT' }, eu: 'no_findings', kr: 'no_findings' },
  },
  {
    id: 'mask-clay-rinse',
    category: 'mask',
    language: 'en',
    messy: false,
    product_type: 'face_rinse_off',
    text: 'Kaolin, Water, Bentonite, Glycerin, Butylene Glycol, Charcoal Powder, Titanium Dioxide, Phenoxyethanol, Ethylhexylglycerin',
    expect: { items: [9], matches: { 1: 'KAOLIN', 3: 'BENTONITE', 8: 'PHENOXYETHANOL' }, eu: 'check', kr: 'check' },
  },
  {
    id: 'mask-sleeping-mixed',
    category: 'mask',
    language: 'mixed',
    messy: true,
    product_type: 'face_leave_on',
    text: 'Sleeping Mask 70ml / 전성분: 정제수 · Glycerin · 부틸렌글라이콜 • Hydrolyzed Collagen • 판테놀 • Betaine | Sodium Hyaluronate | 향료(Fragrance)',
    expect: {
      items: [8],
      matches: { 2: 'GLYCERIN', 4: 'HYDROLYZED COLLAGEN', 7: 'SODIUM HYALURONATE' },
      eu: 'no_findings',
      kr: 'no_findings',
    },
  },
  {
    id: 'mask-typo-unresolved',
    category: 'mask',
    language: 'en',
    messy: true,
    product_type: 'face_leave_on',
    text: 'Water, Glycerin, Zzyzx Root Miracle Complex, Butylene Glycol',
    expect: {
      items: [4],
      matches: { 3: null },
      verdicts: { 3: { EU: 'unresolved', KR: 'unresolved' } },
      eu: 'no_findings',
      kr: 'no_findings',
    },
  },
  {
    id: 'toner-mixed-parenthesised-korean',
    category: 'toner',
    language: 'mixed',
    messy: false,
    product_type: 'face_leave_on',
    text: 'Water, Houttuynia Cordata Extract (어성초추출물), Butylene Glycol (부틸렌글라이콜), Glycerin (글리세린), Betaine (베타인), Panthenol (판테놀)',
    expect: {
      items: [6],
      matches: { 2: 'HOUTTUYNIA CORDATA EXTRACT', 3: 'BUTYLENE GLYCOL', 6: 'PANTHENOL' },
      eu: 'no_findings',
      kr: 'no_findings',
    },
  },
  {
    id: 'cream-mixed-kojic-over',
    category: 'cream',
    language: 'mixed',
    messy: true,
    product_type: 'face_leave_on',
    text: '전성분: 정제수, Glycerin, 코직애씨드 2%, Cetearyl Alcohol, 다이메티콘, Xanthan Gum.',
    expect: { items: [6], matches: { 3: 'KOJIC ACID' }, verdicts: { 3: { EU: 'over_limit' } }, eu: 'blocked', kr: 'no_findings' },
  },
  {
    id: 'kit-cream-toner-ko',
    category: 'kit',
    language: 'ko',
    messy: true,
    product_type: 'face_leave_on',
    text: '[토너]\n정제수, 부틸렌글라이콜, 글리세린, 판테놀\n[크림]\n정제수, 글리세린, 다이메티콘, 세테아릴알코올, 페녹시에탄올',
    expect: { items: [4, 5], matches: { 2: 'BUTYLENE GLYCOL' }, eu: 'check', kr: 'check' },
  },
]
