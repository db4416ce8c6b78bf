/**
 * The database schema: the one contract between the importer (src/importer/) and the
 * service (src/db/, src/ingredients/). Bump SCHEMA_VERSION whenever DDL changes; the
 * service refuses to start on any other `PRAGMA user_version`.
 *
 * Ids are stable across rebuilds of the same sources:
 *  - an ingredient present in the CosIng inventory has id = its COSING Ref No;
 *  - an ingredient known only from MFDS has id = MFDS_ID_OFFSET + the MFDS row `No`.
 */
import { CN_DDL } from './cn-schema.ts'

export const SCHEMA_VERSION = 4

/** Ids of MFDS-only ingredients start here (CosIng Ref Nos are below 200,000). */
export const MFDS_ID_OFFSET = 1_000_000

/** Label stored with every Korean regulatory row: the source is a transcription. */
export const KR_TRANSCRIPTION_NOTE =
  'Unofficial transcription of MFDS 화장품 안전기준 등에 관한 규정 별표1/별표2 (study-guide project); not an MFDS export'

export const DDL = /* sql */ `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- One row per source file read by the importer.
CREATE TABLE sources (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL,          -- 'cosing_inventory' | 'cosing_annex_II' … | 'mfds_ingredients' | 'kr_rules_transcription'
  file           TEXT NOT NULL,          -- file name only (never a path)
  source_date    TEXT,                   -- ISO date of the data (YYYY-MM-DD) when known
  rows_read      INTEGER NOT NULL,
  rows_used      INTEGER NOT NULL,
  rows_rejected  INTEGER NOT NULL,
  reject_reasons TEXT NOT NULL           -- JSON object: reason -> count
) STRICT;

CREATE TABLE ingredients (
  id                 INTEGER PRIMARY KEY,
  inci_name          TEXT,               -- CosIng INCI name (upper case) or, MFDS-only, the first English name upper-cased
  korean_name        TEXT,               -- MFDS 표준명 (primary)
  inn_name           TEXT,
  ph_eur_name        TEXT,
  description        TEXT,               -- CosIng Chem/IUPAC Name / Description
  korean_definition  TEXT,               -- MFDS 기원및정의
  cosing_ref_no      INTEGER,
  mfds_no            INTEGER,            -- MFDS row No of the primary Korean name
  cosing_restriction TEXT,               -- CosIng 'restriction' pointer as printed (2021)
  cosing_update_date TEXT,               -- ISO date
  sort_name          TEXT NOT NULL       -- key used for ordering (inci_name or korean_name, normalised)
) STRICT;

-- Every name an ingredient is known by, for exact lookups. key = normaliseName(name).
CREATE TABLE names (
  id            INTEGER PRIMARY KEY,
  ingredient_id INTEGER NOT NULL REFERENCES ingredients(id),
  name          TEXT NOT NULL,
  key           TEXT NOT NULL,
  lang          TEXT NOT NULL CHECK (lang IN ('en','ko')),
  kind          TEXT NOT NULL CHECK (kind IN ('inci','inn','ph_eur','english','korean','korean_synonym')),
  source        TEXT NOT NULL            -- sources.name
) STRICT;
CREATE INDEX names_key ON names(key, ingredient_id);
CREATE INDEX names_ingredient ON names(ingredient_id);

CREATE TABLE cas_numbers (
  ingredient_id INTEGER NOT NULL REFERENCES ingredients(id),
  cas           TEXT NOT NULL,           -- check digit verified
  source        TEXT NOT NULL,
  PRIMARY KEY (ingredient_id, cas)
) STRICT, WITHOUT ROWID;
CREATE INDEX cas_numbers_cas ON cas_numbers(cas);

CREATE TABLE ec_numbers (
  ingredient_id INTEGER NOT NULL REFERENCES ingredients(id),
  ec            TEXT NOT NULL,           -- check digit verified
  source        TEXT NOT NULL,
  PRIMARY KEY (ingredient_id, ec)
) STRICT, WITHOUT ROWID;

CREATE TABLE functions (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE              -- CosIng function as printed, e.g. 'SKIN CONDITIONING'
) STRICT;

CREATE TABLE ingredient_functions (
  ingredient_id INTEGER NOT NULL REFERENCES ingredients(id),
  function_id   INTEGER NOT NULL REFERENCES functions(id),
  PRIMARY KEY (ingredient_id, function_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX ingredient_functions_function ON ingredient_functions(function_id, ingredient_id);

-- One row per CosIng Annex II–VI export row.
CREATE TABLE eu_annex_entries (
  id                INTEGER PRIMARY KEY,   -- stable: annex number * 100000 + row position in the file
  annex             TEXT NOT NULL CHECK (annex IN ('II','III','IV','V','VI')),
  reference_number  TEXT NOT NULL,         -- e.g. '98', '2a'
  chemical_name     TEXT,
  glossary_name     TEXT,                  -- Name of Common Ingredients Glossary / CI number
  cas_numbers       TEXT NOT NULL,         -- JSON array of check-digit-valid CAS RNs
  ec_numbers        TEXT NOT NULL,         -- JSON array
  product_type      TEXT,
  max_concentration TEXT,
  other             TEXT,
  conditions        TEXT,                  -- Wording of conditions of use and warnings
  colour            TEXT,                  -- Annex IV only
  regulation        TEXT,
  cmr               TEXT,
  update_date       TEXT,                  -- ISO date
  source            TEXT NOT NULL
) STRICT;

CREATE TABLE ingredient_eu_annex (
  ingredient_id INTEGER NOT NULL REFERENCES ingredients(id),
  entry_id      INTEGER NOT NULL REFERENCES eu_annex_entries(id),
  matched_by    TEXT NOT NULL CHECK (matched_by IN ('identified_ingredient','cas','name','cosing_restriction')),
  PRIMARY KEY (ingredient_id, entry_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX ingredient_eu_annex_entry ON ingredient_eu_annex(entry_id);

-- Korean 별표1 (prohibited) / 별표2 (restricted) rows from the transcription.
CREATE TABLE kr_rules (
  id           INTEGER PRIMARY KEY,        -- stable: position in the JSON array + 1
  list         TEXT NOT NULL CHECK (list IN ('별표1','별표2')),
  status       TEXT NOT NULL CHECK (status IN ('prohibited','restricted')),
  name_ko      TEXT NOT NULL,
  name_en      TEXT,
  category     TEXT,
  max_limit    TEXT,
  description  TEXT,
  source       TEXT NOT NULL
) STRICT;

CREATE TABLE ingredient_kr_rules (
  ingredient_id INTEGER NOT NULL REFERENCES ingredients(id),
  rule_id       INTEGER NOT NULL REFERENCES kr_rules(id),
  matched_by    TEXT NOT NULL CHECK (matched_by IN ('korean_name','english_name','group')),
  PRIMARY KEY (ingredient_id, rule_id)
) STRICT, WITHOUT ROWID;

-- Structured conditions read from the annex / 별표2 text at import (importer/conditions.ts):
-- JSON of StructuredConditions; the raw text stays in the entry's own columns.
CREATE TABLE eu_annex_conditions (
  entry_id INTEGER PRIMARY KEY REFERENCES eu_annex_entries(id),
  parsed   INTEGER NOT NULL CHECK (parsed IN (0, 1)),
  json     TEXT NOT NULL
) STRICT;

CREATE TABLE kr_rule_conditions (
  rule_id INTEGER PRIMARY KEY REFERENCES kr_rules(id),
  parsed  INTEGER NOT NULL CHECK (parsed IN (0, 1)),
  json    TEXT NOT NULL
) STRICT;

-- Partial-match index over every English and Korean name and synonym (names.name).
CREATE VIRTUAL TABLE names_fts USING fts5(
  key, content='names', content_rowid='id', tokenize='trigram case_sensitive 0'
);
${CN_DDL}`

/** Pragmas the importer sets before writing; the service verifies them on open. */
export const BUILD_PRAGMAS = [
  'PRAGMA journal_mode = DELETE',
  `PRAGMA user_version = ${SCHEMA_VERSION}`,
] as const
