/** The label parser, one table per rule of issue #11 §2. Pure: no database. */
import { describe, expect, test } from 'bun:test'
import { LabelError, MAX_ITEM_CHARS, MAX_NESTING, parseItem, parseLabel } from '../../src/analysis/label-parser.ts'

const names = (text: string, product = 0) => parseLabel(text).products[product]!.items.map((i) => i.name)

describe('separators', () => {
  test.each([
    ['comma', 'Water, Glycerin, Butylene Glycol'],
    ['semicolon', 'Water; Glycerin; Butylene Glycol'],
    ['ideographic comma', 'Water、Glycerin、Butylene Glycol'],
    ['fullwidth comma', 'Water，Glycerin，Butylene Glycol'],
    ['fullwidth semicolon', 'Water；Glycerin；Butylene Glycol'],
    ['middle dot', 'Water · Glycerin · Butylene Glycol'],
    ['bullet', 'Water • Glycerin • Butylene Glycol'],
    ['newlines', 'Water\nGlycerin\r\nButylene Glycol\n'],
    ['mixed', 'Water, Glycerin;\nButylene Glycol'],
  ])('%s', (_, text) => {
    expect(names(text)).toEqual(['Water', 'Glycerin', 'Butylene Glycol'])
  })

  test('commas inside names and brackets never split', () => {
    expect(
      names('1,2-Hexanediol, C12-15 Alkyl Benzoate, Sodium C14-16 Olefin Sulfonate, PEG-7 Glyceryl Cocoate, Polyglyceryl-4 (C12,14) Ester'),
    ).toEqual([
      '1,2-Hexanediol',
      'C12-15 Alkyl Benzoate',
      'Sodium C14-16 Olefin Sulfonate',
      'PEG-7 Glyceryl Cocoate',
      'Polyglyceryl-4 (C12,14) Ester',
    ])
    expect(names("정제수, 1,2-헥산다이올, 4,4'-Diaminodiphenylamine")).toEqual(['정제수', '1,2-헥산다이올', "4,4'-Diaminodiphenylamine"])
  })

  test('a stray bracket does not swallow the rest of the list', () => {
    expect(names('Water (Aqua, Glycerin, Niacinamide')).toEqual(['Water (Aqua', 'Glycerin', 'Niacinamide'])
  })

  test('order is kept and positions count from 1', () => {
    const items = parseLabel('Zinc Oxide, Aqua, Mica').products[0]!.items
    expect(items.map((i) => [i.position, i.name])).toEqual([
      [1, 'Zinc Oxide'],
      [2, 'Aqua'],
      [3, 'Mica'],
    ])
  })
})

describe('headings and boilerplate', () => {
  test.each([
    ['Ingredients: Water, Glycerin'],
    ['INGREDIENTS : Water, Glycerin'],
    ['INCI: Water, Glycerin'],
    ['Full ingredients list: Water, Glycerin'],
    ['성분: Water, Glycerin'],
    ['전성분: Water, Glycerin'],
    ['[전성분] Water, Glycerin'],
    ['[전성분]\nWater, Glycerin'],
    ['화장품법에 따라 기재·표시하여야 하는 모든 성분: Water, Glycerin'],
    ['화장품법에 따라 기재 표시하여야 하는 모든 성분\nWater, Glycerin'],
    ['[화장품법에 따라 기재·표시하여야 하는 모든 성분]\n전성분: Water, Glycerin'],
  ])('%p', (text) => {
    const parsed = parseLabel(text)
    expect(parsed.products).toHaveLength(1)
    expect(parsed.products[0]!.name).toBeNull()
    expect(parsed.products[0]!.items.map((i) => i.name)).toEqual(['Water', 'Glycerin'])
  })

  test('marketing prose around the list is dropped and reported', () => {
    const parsed = parseLabel(
      'Our bestselling toner calms skin in seconds. Ingredients: Water, Butylene Glycol, Sodium Hyaluronate. Made in Korea. 피부에 수분을 공급합니다.',
    )
    expect(parsed.products[0]!.items.map((i) => i.name)).toEqual(['Water', 'Butylene Glycol', 'Sodium Hyaluronate'])
    expect(parsed.ignored).toContain('Our bestselling toner calms skin in seconds.')
    expect(parsed.ignored).toContain('Made in Korea')
  })

  test('a kit: several lists in one text are separate products, in order', () => {
    const parsed = parseLabel('Cream: Water, Glycerin, Dimethicone.  Toner: Water, Butylene Glycol, Panthenol.')
    expect(parsed.products.map((p) => [p.name, p.items.map((i) => i.name)])).toEqual([
      ['Cream', ['Water', 'Glycerin', 'Dimethicone']],
      ['Toner', ['Water', 'Butylene Glycol', 'Panthenol']],
    ])
    const korean = parseLabel('[토너]\n정제수, 글리세린\n[크림]\n정제수, 다이메티콘')
    expect(korean.products.map((p) => [p.name, p.items.length])).toEqual([
      ['토너', 2],
      ['크림', 2],
    ])
    const named = parseLabel('Cream Ingredients: Water, Glycerin\nSerum Ingredients: Water, Niacinamide')
    expect(named.products.map((p) => p.name)).toEqual(['Cream', 'Serum'])
  })
})

describe('alternatives and translations', () => {
  test.each([
    ['Water (Aqua)', 'Water', ['Aqua']],
    ['Aqua/Water/Eau', 'Aqua/Water/Eau', ['Aqua', 'Water', 'Eau']],
    ['Parfum (Fragrance)', 'Parfum', ['Fragrance']],
    ['Centella Asiatica Extract (병풀추출물)', 'Centella Asiatica Extract', ['병풀추출물']],
    ['정제수(Water)', '정제수', ['Water']],
    ['Water (Aqua/Eau)', 'Water', ['Aqua', 'Eau']],
    ['Titanium Dioxide (CI 77891)', 'Titanium Dioxide', ['CI 77891']],
  ])('%p → %p + %p', (text, name, alternatives) => {
    const item = parseLabel(text).products[0]!.items[0]!
    expect(item.text).toBe(text)
    expect(item.name).toBe(name)
    expect(item.alternatives).toEqual(alternatives)
  })

  test('parentheses inside a name stay part of it', () => {
    expect(names('Solanum Melongena (Eggplant) Fruit Extract')).toEqual(['Solanum Melongena (Eggplant) Fruit Extract'])
  })
})

describe('concentrations', () => {
  test.each([
    ['Niacinamide (5%)', 'Niacinamide', 5],
    ['5% Niacinamide', 'Niacinamide', 5],
    ['Niacinamide 5 %', 'Niacinamide', 5],
    ['Salicylic Acid (0,5%)', 'Salicylic Acid', 0.5],
    ['Zinc PCA 0,5 %', 'Zinc PCA', 0.5],
    ['나이아신아마이드(2%)', '나이아신아마이드', 2],
    ['Adenosine (400 ppm)', 'Adenosine', 0.04],
    ['Glycerin', 'Glycerin', null],
  ])('%p → %p at %p %', (text, name, pct) => {
    const item = parseLabel(text).products[0]!.items[0]!
    expect([item.name, item.concentration_percent]).toEqual([name, pct])
  })

  test('a decimal comma never splits the list', () => {
    expect(parseLabel('Water, Salicylic Acid 0,5%, Glycerin').products[0]!.items.map((i) => [i.name, i.concentration_percent])).toEqual([
      ['Water', null],
      ['Salicylic Acid', 0.5],
      ['Glycerin', null],
    ])
  })
})

describe('nano, may contain, footnotes, trailing periods', () => {
  test.each(['Titanium Dioxide (nano)', 'Titanium Dioxide [nano]', 'Titanium Dioxide [NANO]'])('%p is nano', (text) => {
    const item = parseLabel(text).products[0]!.items[0]!
    expect([item.name, item.nano]).toEqual(['Titanium Dioxide', true])
  })

  test.each([
    ['Mica, Talc. May contain: CI 77891, CI 77491'],
    ['Mica, Talc [+/- CI 77891, CI 77491]'],
    ['Mica, Talc (+/-) CI 77891, CI 77491'],
    ['Mica, Talc ± CI 77891, CI 77491'],
    ['Mica, Talc. May contain [+/- CI 77891, CI 77491]'],
  ])('%p: shade section flagged', (text) => {
    const items = parseLabel(text).products[0]!.items
    expect(items.map((i) => [i.name, i.may_contain])).toEqual([
      ['Mica', false],
      ['Talc', false],
      ['CI 77891', true],
      ['CI 77491', true],
    ])
  })

  test('footnote marks are kept on the item and the footnote sentence is read', () => {
    const parsed = parseLabel(
      'Water, Aloe Barbadensis Leaf Juice*, Lavandula Angustifolia Oil**, Glycerin.\n* Certified organic\n** Natural essential oil',
    )
    expect(parsed.products[0]!.items.map((i) => [i.name, i.footnote_marks])).toEqual([
      ['Water', []],
      ['Aloe Barbadensis Leaf Juice', ['*']],
      ['Lavandula Angustifolia Oil', ['**']],
      ['Glycerin', []],
    ])
    expect(parsed.footnotes).toEqual([
      { mark: '*', text: 'Certified organic' },
      { mark: '**', text: 'Natural essential oil' },
    ])
  })

  test('footnotes after the final period on the same line', () => {
    const parsed = parseLabel('Water, Rosa Canina Fruit Oil*, Lavandula Angustifolia Oil**, Glycerin. *Organic **Natural origin')
    expect(parsed.products[0]!.items.map((i) => [i.name, i.footnote_marks])).toEqual([
      ['Water', []],
      ['Rosa Canina Fruit Oil', ['*']],
      ['Lavandula Angustifolia Oil', ['**']],
      ['Glycerin', []],
    ])
    expect(parsed.footnotes).toEqual([
      { mark: '*', text: 'Organic' },
      { mark: '**', text: 'Natural origin' },
    ])
  })

  test('a trailing period or stray punctuation is not part of the last name', () => {
    expect(names('Water, Glycerin, Citric Acid.')).toEqual(['Water', 'Glycerin', 'Citric Acid'])
    expect(names('Water,, Glycerin ,Citric Acid;')).toEqual(['Water', 'Glycerin', 'Citric Acid'])
  })
})

describe('bad input', () => {
  test.each(['', '   \n\t ', ',,, ;;', '전성분:', '***'])('%p → LabelError empty', (text) => {
    expect(() => parseLabel(text)).toThrow(LabelError)
    try {
      parseLabel(text)
    } catch (err) {
      expect((err as LabelError).reason).toBe('empty')
    }
  })

  test.each([
    ['NUL', 'Water\u0000Glycerin'],
    ['C1 control', 'Water\u0085Glycerin'],
    ['right-to-left override', 'glyc\u202eerin'],
    ['lone surrogate', '\ud800water'],
    ['U+FFFD', 'Gly\ufffdcerin'],
  ])('%s → LabelError binary (the CLI path has no schema)', (_, text) => {
    expect(() => parseLabel(text)).toThrow(
      'The label holds control characters, bidirectional overrides or text that is not valid UTF-8 / UTF-16.',
    )
  })

  test(`brackets deeper than ${MAX_NESTING} → LabelError nesting, fast`, () => {
    const deep = `${'('.repeat(5_000)}Water${')'.repeat(5_000)}`
    expect(() => parseLabel(deep)).toThrow(`nested deeper than ${MAX_NESTING}`)
  })

  test(`an item over ${MAX_ITEM_CHARS} characters → LabelError item_too_long`, () => {
    expect(() => parseLabel(`Water, ${'A'.repeat(MAX_ITEM_CHARS + 1)}`)).toThrow(`longer than ${MAX_ITEM_CHARS}`)
  })

  test('the ingredients-array form applies the same item rules', () => {
    expect(parseItem('Niacinamide (5%)*', 3)).toEqual({
      position: 3,
      text: 'Niacinamide (5%)*',
      name: 'Niacinamide',
      alternatives: [],
      concentration_percent: 5,
      nano: false,
      may_contain: false,
      footnote_marks: ['*'],
    })
    expect(() => parseItem('  ', 1)).toThrow(LabelError)
  })
})
