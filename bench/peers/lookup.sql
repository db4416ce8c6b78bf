-- The exact-name lookup of GET /v1/ingredients/inci and /korean as ONE statement that
-- returns the whole response body the product sends on the BASIC plan (same fields, same
-- order, same JSON). Shared by the Bun peers (limit, floor) and the FastAPI peer.
-- Parameters: $query (as sent), $key (normalised: NFKC, spaces collapsed, upper case), $lang ('en' | 'ko').
WITH hit AS (
  SELECT DISTINCT n.ingredient_id AS id, i.sort_name
    FROM names n JOIN ingredients i ON i.id = n.ingredient_id
   WHERE n.key = $key AND n.lang = $lang
   ORDER BY i.sort_name, i.id
   LIMIT 50
), rec AS (
  SELECT h.sort_name, i.id, json_object(
    'id', i.id,
    'inci_name', i.inci_name,
    'korean_name', i.korean_name,
    'cas_numbers', json((SELECT json_group_array(cas) FROM (SELECT DISTINCT cas FROM cas_numbers WHERE ingredient_id = i.id ORDER BY cas))),
    'ec_numbers', json((SELECT json_group_array(ec) FROM (SELECT ec FROM ec_numbers WHERE ingredient_id = i.id ORDER BY ec))),
    'functions', json((SELECT json_group_array(name) FROM (SELECT f.name FROM ingredient_functions x JOIN functions f ON f.id = x.function_id
                                                       WHERE x.ingredient_id = i.id ORDER BY f.name))),
    'eu_status', CASE
      WHEN EXISTS (SELECT 1 FROM ingredient_eu_annex x JOIN eu_annex_entries e ON e.id = x.entry_id WHERE x.ingredient_id = i.id AND e.annex = 'II') THEN 'prohibited'
      WHEN EXISTS (SELECT 1 FROM ingredient_eu_annex x JOIN eu_annex_entries e ON e.id = x.entry_id WHERE x.ingredient_id = i.id AND e.annex = 'III') THEN 'restricted'
      WHEN EXISTS (SELECT 1 FROM ingredient_eu_annex x WHERE x.ingredient_id = i.id) THEN 'allowed_with_conditions'
      WHEN i.cosing_ref_no IS NULL THEN 'not_in_cosing'
      ELSE 'not_listed' END,
    'kr_status', CASE
      WHEN EXISTS (SELECT 1 FROM ingredient_kr_rules x JOIN kr_rules r ON r.id = x.rule_id WHERE x.ingredient_id = i.id AND r.status = 'restricted') THEN 'restricted'
      WHEN EXISTS (SELECT 1 FROM ingredient_kr_rules x WHERE x.ingredient_id = i.id) THEN 'prohibited'
      ELSE 'not_listed' END
  ) AS body
  FROM hit h JOIN ingredients i ON i.id = h.id
  ORDER BY h.sort_name, h.id
)
SELECT json_object(
  'query', $query,
  'match', CASE WHEN count(*) > 0 THEN 'exact' ELSE 'none' END,
  'count', count(*),
  'results', json(coalesce(json_group_array(json(body)), '[]'))
) AS body
FROM rec
