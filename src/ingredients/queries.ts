/**
 * Every SQL statement of the ingredient service, prepared once over a read-only database.
 * User text reaches SQLite only as bound values; FTS5 input is a quoted phrase.
 */
import type { Database } from 'bun:sqlite'
import { createChinaReader } from './china.ts'
import type { AnnexEntryRecord, KrEntryRecord } from './model.ts'

export type IngredientRow = {
  id: number
  inci_name: string | null
  korean_name: string | null
  description: string | null
  korean_definition: string | null
  cosing_ref_no: number | null
  mfds_no: number | null
  cosing_restriction: string | null
  cosing_update_date: string | null
}

export type SubstanceRow = { id: number; name: string; korean_name: string | null; is_group: number }
export type NameHit = { owner_id: number; name: string; kind: string; tier: number }
/** A `names` or `substance_names` row found by its key, with its owner's commonness rank (null: owner missing). */
export type KeyNameRow = NameHit & { substance: 0 | 1; lang: 'en' | 'ko' | 'zh'; rank: number | null }
export type SearchNameRow = { pos: number; owner_id: number; name: string; key: string }
export type SourceRow = {
  name: string
  file: string
  source_date: string | null
  rows_read: number
  rows_used: number
  rows_rejected: number
}

/** The prepared statements; see each for its parameters. */
export function prepareQueries(db: Database) {
  return {
    /** China, allergens and CosIng 2026 (china.ts). */
    china: createChinaReader(db),
    ingredient: db.query<IngredientRow, [number]>(
      `SELECT id, inci_name, korean_name, description, korean_definition, cosing_ref_no, mfds_no,
              cosing_restriction, cosing_update_date
         FROM ingredients WHERE id = ?`,
    ),
    /**
     * Every ingredient name with this key (every tier and language), in index order (tier,
     * owner id, row id), with the owner's rank; resolver.ts orders and filters them. A
     * single-table scan with a correlated sub-select on purpose: the same look-up as a
     * JOIN … ORDER BY costs ≈ 10 µs a statement on this SQLite (a sorter and a join per step),
     * this ≈ 1 µs.
     */
    ingredientNamesByKey: db.query<KeyNameRow, [string]>(
      `SELECT 0 AS substance, n.ingredient_id AS owner_id, n.name, n.kind, n.tier, n.lang,
              (SELECT i.rank FROM ingredients i WHERE i.id = n.ingredient_id) AS rank
         FROM names n WHERE n.key = ?1`,
    ),
    /** Every regulated-substance name with this key, as ingredientNamesByKey. */
    substanceNamesByKey: db.query<KeyNameRow, [string]>(
      `SELECT 1 AS substance, n.substance_id AS owner_id, n.name, n.kind, n.tier, n.lang,
              (SELECT s.rank FROM substances s WHERE s.id = n.substance_id) AS rank
         FROM substance_names n WHERE n.key = ?1`,
    ),
    /** The keys of every regulated-substance name (≈ 8,000 on the official data). */
    substanceNameKeys: db.query<{ key: string }, []>('SELECT DISTINCT key FROM substance_names'),
    /** Ingredients and substances carrying a CAS RN, with their rank (ordered by resolver.ts), ingredients first. */
    idsByCas: db.query<{ substance: 0 | 1; id: number; rank: number | null }, [string]>(
      `SELECT 0 AS substance, c.ingredient_id AS id, (SELECT i.rank FROM ingredients i WHERE i.id = c.ingredient_id) AS rank
         FROM cas_numbers c WHERE c.cas = ?1
       UNION ALL
       SELECT 1, c.substance_id, (SELECT s.rank FROM substances s WHERE s.id = c.substance_id)
         FROM substance_cas c WHERE c.cas = ?1`,
    ),
    names: db.query<{ name: string; key: string; lang: 'en' | 'ko' | 'zh'; kind: string; source: string }, [number]>(
      `SELECT name, key, lang, kind, source FROM names WHERE ingredient_id = ? ORDER BY tier, id`,
    ),
    cas: db.query<{ cas: string; source: string }, [number]>(`SELECT cas, source FROM cas_numbers WHERE ingredient_id = ? ORDER BY cas`),
    ec: db.query<{ ec: string }, [number]>(`SELECT ec FROM ec_numbers WHERE ingredient_id = ? ORDER BY ec`),
    functions: db.query<{ name: string }, [number]>(
      `SELECT f.name FROM ingredient_functions x JOIN functions f ON f.id = x.function_id
        WHERE x.ingredient_id = ? ORDER BY f.name`,
    ),
    annex: db.query<AnnexEntryRecord & { id: number; source: string }, [number]>(
      `SELECT e.id, e.annex, e.reference_number, e.chemical_name, e.glossary_name, e.product_type,
              e.max_concentration, e.other, e.conditions, e.colour, e.regulation, e.update_date,
              x.matched_by, e.source
         FROM ingredient_eu_annex x JOIN eu_annex_entries e ON e.id = x.entry_id
        WHERE x.ingredient_id = ? ORDER BY e.id`,
    ),
    kr: db.query<KrEntryRecord & { id: number; source: string }, [number]>(
      `SELECT r.id, r.list, r.status, r.name_ko, r.name_en, r.category, r.max_limit, x.matched_by, r.source
         FROM ingredient_kr_rules x JOIN kr_rules r ON r.id = x.rule_id
        WHERE x.ingredient_id = ? ORDER BY r.id`,
    ),
    substance: db.query<SubstanceRow, [number]>(`SELECT id, name, korean_name, is_group FROM substances WHERE id = ?`),
    substanceAnnex: db.query<AnnexEntryRecord & { id: number }, [number]>(
      `SELECT e.id, e.annex, e.reference_number, e.chemical_name, e.glossary_name, e.product_type,
              e.max_concentration, e.other, e.conditions, e.colour, e.regulation, e.update_date, 'rule' AS matched_by
         FROM substance_members m JOIN eu_annex_entries e ON e.id = m.eu_entry_id
        WHERE m.substance_id = ? ORDER BY e.id`,
    ),
    substanceKr: db.query<KrEntryRecord & { id: number }, [number]>(
      `SELECT r.id, r.list, r.status, r.name_ko, r.name_en, r.category, r.max_limit, 'rule' AS matched_by
         FROM substance_members m JOIN kr_rules r ON r.id = m.kr_rule_id
        WHERE m.substance_id = ? ORDER BY r.id`,
    ),
    substanceNames: db.query<{ name: string; key: string }, [number]>(
      `SELECT name, key FROM substance_names WHERE substance_id = ? ORDER BY tier, id`,
    ),
    substanceCas: db.query<{ cas: string }, [number]>(`SELECT cas FROM substance_cas WHERE substance_id = ? ORDER BY cas`),
    substanceEc: db.query<{ ec: string }, [number]>(`SELECT ec FROM substance_ec WHERE substance_id = ? ORDER BY ec`),
    /** Ingredients linked to a substance's member rows. */
    substanceIngredients: db.query<{ id: number; inci_name: string | null; korean_name: string | null }, [number]>(
      `SELECT DISTINCT i.id, i.inci_name, i.korean_name FROM substance_members m
         LEFT JOIN ingredient_eu_annex a ON a.entry_id = m.eu_entry_id
         LEFT JOIN ingredient_kr_rules k ON k.rule_id = m.kr_rule_id
         JOIN ingredients i ON i.id = coalesce(a.ingredient_id, k.ingredient_id)
        WHERE m.substance_id = ? ORDER BY i.rank, i.id LIMIT 200`,
    ),
    sourceDates: db.query<{ name: string; source_date: string | null }, []>(`SELECT name, source_date FROM sources ORDER BY id`),
    meta: db.query<{ value: string }, [string]>(`SELECT value FROM meta WHERE key = ?`),
    ping: db.query<{ n: number }, []>('SELECT count(*) AS n FROM ingredients'),
    probe: db.query<{ ok: number }, []>('SELECT 1 AS ok FROM ingredients LIMIT 1'),
  }
}

export type Queries = ReturnType<typeof prepareQueries>
