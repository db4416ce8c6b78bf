/**
 * Tables for China (IECIC, STSC), CosIng 2026 and the EU allergen flags — part of the one
 * schema (src/db/schema.ts appends CN_DDL; one SCHEMA_VERSION for both).
 */
/** Label shown with every fact from the STSC tables (SOURCES.md §7: a consolidation). */
export const CN_STSC_NOTE = 'consolidated from NMPA tables; verify against the official text'

/** Ids of ingredients known only from the CosIng 2026 names: offset + 1-based row position (between the MFDS-only ids and SUBSTANCE_ID_OFFSET). */
export const COSING_2026_ID_OFFSET = 1_500_000

/** An STSC English name without the "(CAS No. …)" the prohibited table prints inside it. */
export function withoutCasNote(name: string | null): string | null {
  if (name === null) return null
  const out = name.replace(/\s*[(（]\s*CAS\s*No\.?[^)）]*[)）]/gi, '').trim()
  return out === '' ? null : out
}

/**
 * Member keys (analysis Subject.ruleKeys) of China's rows: an STSC row's key is its id
 * (1,000,000–7,999,999, apart from EU entry ids and KR_RULE_KEY_OFFSET + Korean ids); an
 * IECIC entry's key is CN_INVENTORY_KEY_OFFSET + its id.
 */
export const CN_INVENTORY_KEY_OFFSET = 10_000_000

export const CN_DDL = /* sql */ `
-- IECIC entries (2021 edition merged with the 2025 compilation). id: catalogue I = serial,
-- II = 100000 + serial, new-ingredient records = 200000 + n, a reused serial = 300000 + serial.
CREATE TABLE cn_inventory (
  id               INTEGER PRIMARY KEY,
  catalog          TEXT NOT NULL CHECK (catalog IN ('I','II','new_ingredient')),
  serial           INTEGER,
  cn_name          TEXT NOT NULL,
  inci_name        TEXT,
  max_rinse_off    TEXT NOT NULL,          -- JSON HistoricalUse: {"kind":"percent","value":..} | not_applicable | no_data
  max_leave_on     TEXT NOT NULL,
  remark           TEXT,
  remark_flag      TEXT,                   -- prohibited | planned_prohibited | use_per_stsc | former_name
  adjust_date      TEXT,
  adjust_field     TEXT,
  in_2021          INTEGER NOT NULL,
  in_revised       INTEGER NOT NULL
) STRICT;

-- One row per STSC table row (a substance of an entry; entries with sub-substances repeat serial).
CREATE TABLE cn_regulated (
  id                  INTEGER PRIMARY KEY,  -- table base (1..7 × 1000000) + row position
  table_name          TEXT NOT NULL,        -- prohibited | prohibited_plant_animal | restricted | preservatives | uv_filters | colorants | hair_dyes
  table_no            TEXT NOT NULL,        -- 表2 … 表7
  status              TEXT NOT NULL CHECK (status IN ('prohibited','restricted','allowed_with_conditions')),
  serial              TEXT NOT NULL,
  cn_name             TEXT,
  en_name             TEXT,
  inci_name           TEXT,
  cas_numbers         TEXT NOT NULL,        -- JSON array
  scope               TEXT,
  max_conc            TEXT,
  other_limits        TEXT,
  label_warnings      TEXT,
  remark              TEXT,
  conditions          TEXT NOT NULL,        -- JSON array of structured conditions (snake_case)
  effective_from      TEXT,                 -- ISO date a prohibition starts (entries 1291–1297)
  revised_from        TEXT,                 -- ISO date revised limits start
  announcement        TEXT,
  moved_to_prohibited TEXT NOT NULL,        -- JSON array of 表2 serials
  moved_from          TEXT,                 -- ISO date of that move when in the future
  compiler_note       TEXT,
  source              TEXT NOT NULL
) STRICT;

-- Every Chinese-source name, for exact lookups and partial search: inventory entries and
-- table rows, whether or not an ingredient is linked. key = chineseNameKey (zh) / normaliseName (en).
CREATE TABLE cn_names (
  id         INTEGER PRIMARY KEY,
  target     TEXT NOT NULL CHECK (target IN ('inventory','regulated')),
  target_id  INTEGER NOT NULL,
  name       TEXT NOT NULL,
  key        TEXT NOT NULL,
  lang       TEXT NOT NULL CHECK (lang IN ('zh','en')),
  kind       TEXT NOT NULL
) STRICT;
CREATE INDEX cn_names_key ON cn_names(key, target, target_id);
CREATE INDEX cn_names_target ON cn_names(target, target_id);

CREATE TABLE cn_regulated_cas (
  row_id INTEGER NOT NULL REFERENCES cn_regulated(id),
  cas    TEXT NOT NULL,
  PRIMARY KEY (cas, row_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE ingredient_cn_inventory (
  ingredient_id INTEGER NOT NULL REFERENCES ingredients(id),
  entry_id      INTEGER NOT NULL REFERENCES cn_inventory(id),
  matched_by    TEXT NOT NULL,
  matched_name  TEXT NOT NULL,
  PRIMARY KEY (ingredient_id, entry_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX ingredient_cn_inventory_entry ON ingredient_cn_inventory(entry_id);

CREATE TABLE ingredient_cn_regulated (
  ingredient_id INTEGER NOT NULL REFERENCES ingredients(id),
  row_id        INTEGER NOT NULL REFERENCES cn_regulated(id),
  matched_by    TEXT NOT NULL,
  matched_name  TEXT NOT NULL,
  PRIMARY KEY (ingredient_id, row_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX ingredient_cn_regulated_row ON ingredient_cn_regulated(row_id);

-- The STSC rows of each regulated substance: rows sharing a name ('name') or only a CAS RN
-- ('cas') with one of its member rows (src/importer/substance-links.ts).
CREATE TABLE substance_cn_regulated (
  substance_id INTEGER NOT NULL,
  row_id       INTEGER NOT NULL REFERENCES cn_regulated(id),
  matched_by   TEXT NOT NULL CHECK (matched_by IN ('name','cas')),
  PRIMARY KEY (substance_id, row_id)
) STRICT, WITHOUT ROWID;

-- CosIng names of 2026 (id = position in the file) and the ingredients they name.
CREATE TABLE cosing_2026 (
  id        INTEGER PRIMARY KEY,
  inci_name TEXT NOT NULL,
  functions TEXT NOT NULL                   -- JSON array, 2026 nomenclature
) STRICT;
CREATE TABLE ingredient_cosing_2026 (
  ingredient_id INTEGER NOT NULL REFERENCES ingredients(id),
  cosing_2026_id INTEGER NOT NULL REFERENCES cosing_2026(id),
  PRIMARY KEY (ingredient_id, cosing_2026_id)
) STRICT, WITHOUT ROWID;

-- Annex III entries carrying the fragrance-allergen labelling duty (Regulation (EU) 2023/1545).
CREATE TABLE eu_allergen_entries (
  entry_id       INTEGER PRIMARY KEY REFERENCES eu_annex_entries(id),
  leave_on_pct   REAL NOT NULL,
  rinse_off_pct  REAL NOT NULL
) STRICT;

-- Partial-match index over every Chinese-source name.
CREATE VIRTUAL TABLE cn_names_fts USING fts5(
  key, content='cn_names', content_rowid='id', tokenize='trigram case_sensitive 0'
);
`
