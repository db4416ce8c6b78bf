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

export const SCHEMA_VERSION = 10

/** Ids of MFDS-only ingredients start here (CosIng Ref Nos are below 200,000). */
export const MFDS_ID_OFFSET = 1_000_000

/**
 * Ids of regulated substances start here: SUBSTANCE_ID_OFFSET + the smallest member key of
 * the substance (an EU annex entry id, or KR_RULE_KEY_OFFSET + a Korean rule id), so an id
 * is stable across rebuilds of the same sources and never collides with an ingredient id.
 */
export const SUBSTANCE_ID_OFFSET = 2_000_000
/** Member keys of Korean rule rows (EU annex entry ids are 200,001–699,999). */
export const KR_RULE_KEY_OFFSET = 900_000

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
  sort_name          TEXT NOT NULL,      -- key used for ordering (inci_name or korean_name, normalised)
  rank               INTEGER NOT NULL    -- commonness rank, 0 = most common (src/importer/commonness.ts)
) STRICT;

-- Every name an ingredient is known by, for exact lookups. key = normaliseName(name).
-- tier 0: a primary name (INCI name, Korean standard name); 1: a synonym. A synonym whose
-- key is another ingredient's primary name is never stored (the importer reports it).
CREATE TABLE names (
  id            INTEGER PRIMARY KEY,
  ingredient_id INTEGER NOT NULL REFERENCES ingredients(id),
  name          TEXT NOT NULL,
  key           TEXT NOT NULL,
  lang          TEXT NOT NULL CHECK (lang IN ('en','ko','zh')),
  kind          TEXT NOT NULL,           -- NameKind (src/importer/name-index.ts)
  tier          INTEGER NOT NULL CHECK (tier IN (0, 1)),
  source        TEXT NOT NULL            -- sources.name
) STRICT;
CREATE INDEX names_key ON names(key, tier, ingredient_id);
CREATE INDEX names_ingredient ON names(ingredient_id);

-- Regulated substances: EU annex entries and Korean rule rows, grouped when they name the
-- same substance (a shared name or CAS RN), reachable by their own names whether or not an
-- ingredient is linked to them.
CREATE TABLE substances (
  id          INTEGER PRIMARY KEY,       -- SUBSTANCE_ID_OFFSET + smallest member key
  name        TEXT NOT NULL,             -- English name as the rule prints it
  korean_name TEXT,                      -- Korean name as the rule prints it
  is_group    INTEGER NOT NULL CHECK (is_group IN (0, 1)),  -- "… and its salts", several substances
  sort_name   TEXT NOT NULL,
  rank        INTEGER NOT NULL
) STRICT;
CREATE TABLE substance_members (
  substance_id INTEGER NOT NULL REFERENCES substances(id),
  eu_entry_id  INTEGER REFERENCES eu_annex_entries(id),
  kr_rule_id   INTEGER REFERENCES kr_rules(id),
  CHECK ((eu_entry_id IS NULL) <> (kr_rule_id IS NULL))
) STRICT;
CREATE INDEX substance_members_substance ON substance_members(substance_id);
CREATE TABLE substance_names (
  id           INTEGER PRIMARY KEY,
  substance_id INTEGER NOT NULL REFERENCES substances(id),
  name         TEXT NOT NULL,
  key          TEXT NOT NULL,
  lang         TEXT NOT NULL CHECK (lang IN ('en','ko','zh')),
  kind         TEXT NOT NULL,            -- 'rule_name' | 'rule_name_part' | 'identified_ingredient' | 'glossary_name'
  tier         INTEGER NOT NULL CHECK (tier IN (0, 1)),
  source       TEXT NOT NULL
) STRICT;
CREATE INDEX substance_names_key ON substance_names(key, tier, substance_id);
CREATE INDEX substance_names_substance ON substance_names(substance_id);
CREATE TABLE substance_cas (
  substance_id INTEGER NOT NULL REFERENCES substances(id),
  cas          TEXT NOT NULL,
  PRIMARY KEY (substance_id, cas)
) STRICT, WITHOUT ROWID;
CREATE INDEX substance_cas_cas ON substance_cas(cas);
CREATE TABLE substance_ec (
  substance_id INTEGER NOT NULL REFERENCES substances(id),
  ec           TEXT NOT NULL,
  PRIMARY KEY (substance_id, ec)
) STRICT, WITHOUT ROWID;

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
  rank          INTEGER NOT NULL,        -- ingredients.rank, so a function's list walks in rank order
  PRIMARY KEY (ingredient_id, function_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX ingredient_functions_function ON ingredient_functions(function_id, rank);

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

-- matched_by 'substance' (here and in ingredient_kr_rules, ingredient_cn_regulated): reached
-- from another market's row naming the same substance or a group holding it
-- (src/importer/substance-links.ts).
CREATE TABLE ingredient_eu_annex (
  ingredient_id INTEGER NOT NULL REFERENCES ingredients(id),
  entry_id      INTEGER NOT NULL REFERENCES eu_annex_entries(id),
  matched_by    TEXT NOT NULL CHECK (matched_by IN ('identified_ingredient','cas','name','cosing_restriction','substance')),
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
  matched_by    TEXT NOT NULL CHECK (matched_by IN ('korean_name','english_name','group','substance')),
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

-- Search: every name of every ingredient and substance once per owner, in the precomputed
-- order (owner rank, owner id, tier, key): pos is the position, so "first N matches in
-- rank order" is a bounded index walk (src/importer/search-order.ts).
CREATE TABLE search_names (
  pos      INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL,             -- ingredient id or substance id (>= SUBSTANCE_ID_OFFSET)
  name     TEXT NOT NULL,
  key      TEXT NOT NULL,
  tier     INTEGER NOT NULL
) STRICT;
-- One row per owner: what a search item shows, precomputed (statuses as records.ts rules them).
CREATE TABLE search_owners (
  owner_id    INTEGER PRIMARY KEY,
  first_pos   INTEGER NOT NULL,
  last_pos    INTEGER NOT NULL,
  name        TEXT,                      -- INCI name, or the rule's name
  korean_name TEXT,
  eu_status   INTEGER NOT NULL,          -- index in EU_STATUS_CODES (src/ingredients/status.ts)
  kr_status   INTEGER NOT NULL,          -- index in KR_STATUS_CODES
  tier        INTEGER NOT NULL           -- commonness tier (src/importer/commonness.ts)
) STRICT;
-- The search_names keys that neither names nor substance_names holds (the curated common names,
-- src/ingredients/common-names.ts): with those tables' key indexes, the exact-name step of search
-- (an index of search_names.key would repeat them: 4 MB).
CREATE TABLE search_extra_keys (
  key      TEXT NOT NULL,
  owner_id INTEGER NOT NULL,
  PRIMARY KEY (key, owner_id)
) STRICT, WITHOUT ROWID;
-- Terms of every owner (src/ingredients/search-terms.ts ownerTerms): name prefixes and word
-- starts up to SEARCH_TERM_LENGTH characters, every other 3-character window, and 2-character
-- Korean/Chinese windows, each under the best class the owner has for it: cls 0 primary-name
-- prefix, 1 word start, 2 substring. Per (term, cls), its owners as a posting list of the
-- positions of their matching names (in search order, so commonness tier t is the range of
-- positions from meta search_tier_starts), in chunks of at most CHUNK_BYTES (a cursor seeks
-- the chunk holding its next position: the first whose last one is after it), each with its
-- count (a total, or the rarest trigram of a query, is one index range). One row per owner
-- took 11 MB of 62.
CREATE TABLE search_terms (
  term      TEXT NOT NULL,
  cls       INTEGER NOT NULL,
  last      INTEGER NOT NULL,            -- last position of the chunk
  n         INTEGER NOT NULL,            -- positions in the chunk
  positions BLOB NOT NULL,               -- search_names.pos of each owner's matching name, ascending, delta-LEB128 (src/ingredients/postings.ts)
  PRIMARY KEY (term, cls, last)
) STRICT, WITHOUT ROWID;

-- Partial-match index over search_names.key (substrings of 3+ characters).
-- columnsize=0: no query ranks by column length (bm25), so the per-row sizes are not stored.
CREATE VIRTUAL TABLE names_fts USING fts5(
  key, content='search_names', content_rowid='pos', tokenize='trigram case_sensitive 0', columnsize=0
);
${CN_DDL}`

/** Pragmas the importer sets before writing; the service verifies them on open. */
export const BUILD_PRAGMAS = ['PRAGMA journal_mode = DELETE', `PRAGMA user_version = ${SCHEMA_VERSION}`] as const
