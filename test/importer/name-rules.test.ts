/**
 * The name rules the importer added to src/ingredients/identifiers.ts and uses for merging
 * and linking. Inputs are real cells from the official files (SOURCES.md).
 */
import { describe, expect, test } from 'bun:test'
import { glossaryKeys, restrictionPointers } from '../../src/importer/annex-links.ts'
import { splitIdentifiedIngredients } from '../../src/importer/cosing-annex.ts'
import { splitFunctions } from '../../src/importer/cosing-inventory.ts'
import { dateFromFileName } from '../../src/importer/mfds-ingredients.ts'
import {
  extractInvalidCasNumbers,
  extractInvalidEcNumbers,
  normaliseName,
  splitNameList,
  stripCommonNames,
} from '../../src/ingredients/identifiers.ts'

describe('splitNameList', () => {
  test.each([
    ['Water,Aqua', ['Water', 'Aqua']],
    ['Flavor,Fragrance,perfume,Parfum,Aroma', ['Flavor', 'Fragrance', 'perfume', 'Parfum', 'Aroma']],
    ['Iron Oxide Red,Ferric Oxide,CI 77491', ['Iron Oxide Red', 'Ferric Oxide', 'CI 77491']],
    ['1,2-Hexanediol', ['1,2-Hexanediol']],
    ['1,2-헥산디올', ['1,2-헥산디올']],
    ['N,N-Bis(2-Hydroxyethyl)-p-Phenylenediamine Sulfate', ['N,N-Bis(2-Hydroxyethyl)-p-Phenylenediamine Sulfate']],
    ['N,N-DIETHYL-m-AMINOPHENOL,N,N-DIETHYL-m-AMINOPHENOL SULFATE', ['N,N-DIETHYL-m-AMINOPHENOL', 'N,N-DIETHYL-m-AMINOPHENOL SULFATE']],
    ['Hydroxyisohexyl 3-cyclohexene carboxaldehyde (HICC, Lyral)', ['Hydroxyisohexyl 3-cyclohexene carboxaldehyde (HICC, Lyral)']],
    ['', []],
    ['-', []],
  ])('%p', (cell, expected) => {
    expect(splitNameList(cell)).toEqual(expected)
  })
})

describe('stripCommonNames', () => {
  test.each([
    ['HELIANTHUS ANNUUS (SUNFLOWER) SEED OIL', 'HELIANTHUS ANNUUS SEED OIL'],
    ['ORYZA SATIVA (RICE) EXTRACT', 'ORYZA SATIVA EXTRACT'],
    ['TITANIUM DIOXIDE (NANO)', 'TITANIUM DIOXIDE'],
    ['GRIFOLA FRONDOSA (MAITAKE)/LICORICE ROOT EXTRACT FERMENT FILTRATE', 'GRIFOLA FRONDOSA /LICORICE ROOT EXTRACT FERMENT FILTRATE'],
    // Parentheses that belong to the name stay.
    ['R-(OLIGOPEPTIDE-91 SH-POLYPEPTIDE-99)', 'R-(OLIGOPEPTIDE-91 SH-POLYPEPTIDE-99)'],
    ['POLY(METHYLSTYRENE ISOPROPANOL KETONE)', 'POLY(METHYLSTYRENE ISOPROPANOL KETONE)'],
    ['(2-ISOPROPYLPENT-4-ENOYL)UREA (APRONAL)', '(2-ISOPROPYLPENT-4-ENOYL)UREA'],
    ['(NELUMBO NUCIFERA/CAMELLIA SINENSIS) LEAF EXTRACT', '(NELUMBO NUCIFERA/CAMELLIA SINENSIS) LEAF EXTRACT'],
  ])('%p', (key, expected) => {
    expect(stripCommonNames(key)).toBe(expected)
  })
})

describe('invalid identifiers are reported, valid ones are not', () => {
  test.each([
    ['27215-38-4 / 142-18-7', ['27215-38-4']],
    ['98-92-0', []],
    ['-', []],
    ['69-72-7[1]/ 824-35-1[2]', []],
  ])('CAS %p', (cell, expected) => {
    expect(extractInvalidCasNumbers(cell)).toEqual(expected)
  })

  test('EC', () => {
    expect(extractInvalidEcNumbers('202-713-4')).toEqual([])
    expect(extractInvalidEcNumbers('202-713-5')).toEqual(['202-713-5'])
  })
})

describe('cell rules', () => {
  test('functions: comma list, NOT REPORTED dropped, pH ADJUSTERS kept', () => {
    expect(splitFunctions('FRAGRANCE, pH ADJUSTERS, PRESERVATIVE')).toEqual(['FRAGRANCE', 'pH ADJUSTERS', 'PRESERVATIVE'])
    expect(splitFunctions('NOT REPORTED')).toEqual([])
  })

  test('identified ingredients: stray spaces, empty items and repeats', () => {
    expect(splitIdentifiedIngredients('BENZYL ALCOHOL ,BENZYL ALCOHOL')).toEqual(['BENZYL ALCOHOL'])
    expect(splitIdentifiedIngredients(',RETINOIC ACID')).toEqual(['RETINOIC ACID'])
    expect(splitIdentifiedIngredients('TOLUENE-2,5-DIAMINE,TOLUENE-2,5-DIAMINE SULFATE')).toEqual([
      'TOLUENE-2,5-DIAMINE',
      'TOLUENE-2,5-DIAMINE SULFATE',
    ])
  })

  test('glossary keys: whole, then list items, then without a qualifier', () => {
    expect(glossaryKeys('TITANIUM DIOXIDE/CI 77891')).toEqual(['TITANIUM DIOXIDE/CI 77891', 'TITANIUM DIOXIDE', 'CI 77891'])
    expect(glossaryKeys('BENZOIC ACID; SODIUM BENZOATE')).toEqual(['BENZOIC ACID; SODIUM BENZOATE', 'BENZOIC ACID', 'SODIUM BENZOATE'])
    expect(glossaryKeys('ZINC OXIDE (NANO)')).toEqual(['ZINC OXIDE (NANO)', 'ZINC OXIDE'])
    // Not a list: a chemical name with ", " (Annex III/368) must not yield PHENOL.
    expect(glossaryKeys('Phenol, 2-methoxy- 4-(2-propenyl)-, acetate')).toEqual([
      normaliseName('Phenol, 2-methoxy- 4-(2-propenyl)-, acetate'),
    ])
    expect(glossaryKeys(null)).toEqual([])
  })

  test('MFDS file date from the file name', () => {
    expect(dateFromFileName('kr_mfds_cosmetic_ingredients_20260406.csv')).toBe('2026-04-06')
    expect(dateFromFileName('kr_mfds_cosmetic_ingredients_latest.csv')).toBeNull()
  })
})

describe('restrictionPointers (CosIng restriction cell → annex references)', () => {
  test.each([
    ['III/98 V/3', ['III/98', 'V/3']],
    ['II/1339 III/14', ['II/1339', 'III/14']],
    ['Annex III/211 - Directive 2012/21/EU', ['III/211']],
    ['II/665 CMR1b (Reprotoxic 1B)', ['II/665']],
    ['III/2a', ['III/2a']],
    ['IV 143 VI 27 VI 27a (nano)', []],
    [null, []],
  ] as const)('%p → %p', (cell, refs) => {
    expect(restrictionPointers(cell)).toEqual([...refs])
  })
})
