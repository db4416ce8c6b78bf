/**
 * The worked example of the OpenAPI document: a Korean essence label and its answer on the
 * official data (PRO plan; each item's first rule entry and first clause kept, long names cut).
 * Regenerate after data or shape changes: the route test checks its shape.
 */
export const EXAMPLE_REQUEST = {
  "text": "[전성분] 정제수, 나이아신아마이드(5%), 인체줄기세포배양액, 1,2-헥산다이올, 페녹시에탄올(0.8%), 향료",
  "product_type": "face_leave_on"
}

export const EXAMPLE_RESPONSE = {
  "product_type": "face_leave_on",
  "markets": [
    "EU",
    "KR"
  ],
  "products": [
    {
      "name": null,
      "items": [
        {
          "position": 1,
          "text": "정제수",
          "name": "정제수",
          "alternatives": [],
          "concentration_percent": null,
          "nano": false,
          "may_contain": false,
          "footnote_marks": [],
          "match": {
            "kind": "exact",
            "rule": "korean_name",
            "confidence": 1,
            "matched_name": "정제수",
            "note": null,
            "candidates": []
          },
          "target": {
            "kind": "ingredient",
            "id": 92472,
            "inci_name": "WATER",
            "korean_name": "정제수",
            "eu_status": "not_listed",
            "kr_status": "not_listed"
          },
          "functions": [
            "ANTIPLAQUE",
            "SKIN CONDITIONING",
            "SOLVENT"
          ],
          "markets": {
            "EU": {
              "status": "not_listed",
              "limit": null,
              "fragrance_allergen": null,
              "why": "Not on the EU lists; that is not a statement that it is allowed in every use.",
              "entries": []
            },
            "KR": {
              "status": "not_listed",
              "limit": null,
              "fragrance_allergen": null,
              "why": "Not on the KR lists; that is not a statement that it is allowed in every use.",
              "entries": []
            }
          }
        },
        {
          "position": 2,
          "text": "나이아신아마이드(5%)",
          "name": "나이아신아마이드",
          "alternatives": [],
          "concentration_percent": 5,
          "nano": false,
          "may_contain": false,
          "footnote_marks": [],
          "match": {
            "kind": "exact",
            "rule": "korean_name",
            "confidence": 1,
            "matched_name": "나이아신아마이드",
            "note": null,
            "candidates": []
          },
          "target": {
            "kind": "ingredient",
            "id": 35499,
            "inci_name": "NIACINAMIDE",
            "korean_name": "나이아신아마이드",
            "eu_status": "not_listed",
            "kr_status": "not_listed"
          },
          "functions": [
            "SMOOTHING"
          ],
          "markets": {
            "EU": {
              "status": "not_listed",
              "limit": null,
              "fragrance_allergen": null,
              "why": "Not on the EU lists; that is not a statement that it is allowed in every use.",
              "entries": []
            },
            "KR": {
              "status": "not_listed",
              "limit": null,
              "fragrance_allergen": null,
              "why": "Not on the KR lists; that is not a statement that it is allowed in every use.",
              "entries": []
            }
          }
        },
        {
          "position": 3,
          "text": "인체줄기세포배양액",
          "name": "인체줄기세포배양액",
          "alternatives": [],
          "concentration_percent": null,
          "nano": false,
          "may_contain": false,
          "footnote_marks": [],
          "match": {
            "kind": "exact",
            "rule": "korean_name",
            "confidence": 1,
            "matched_name": "인체줄기세포배양액",
            "note": null,
            "candidates": []
          },
          "target": {
            "kind": "ingredient",
            "id": 85236,
            "inci_name": "HUMAN STEM CELL CONDITIONED MEDIA",
            "korean_name": "인체줄기세포배양액",
            "eu_status": "prohibited",
            "kr_status": "not_listed"
          },
          "functions": [
            "HUMECTANT",
            "SKIN CONDITIONING"
          ],
          "markets": {
            "EU": {
              "status": "prohibited",
              "limit": null,
              "fragrance_allergen": null,
              "why": "Prohibited in EU: EU Annex II 416 (Cells, tissues or products of human origin).",
              "entries": [
                {
                  "list": "EU Annex II",
                  "reference": "416",
                  "name": "Cells, tissues or products of human origin",
                  "status": "prohibited",
                  "effective_from": null,
                  "source": {
                    "name": "cosing_annex_II",
                    "date": "2025-12-08",
                    "official": true,
                    "note": "CosIng export of the annexes; the legal text is Regulation (EC) No 1223/2009 as amended"
                  },
                  "conditions": null
                }
              ]
            },
            "KR": {
              "status": "not_listed",
              "limit": null,
              "fragrance_allergen": null,
              "why": "Not on the KR lists; that is not a statement that it is allowed in every use.",
              "entries": []
            }
          }
        },
        {
          "position": 4,
          "text": "1,2-헥산다이올",
          "name": "1,2-헥산다이올",
          "alternatives": [],
          "concentration_percent": null,
          "nano": false,
          "may_contain": false,
          "footnote_marks": [],
          "match": {
            "kind": "exact",
            "rule": "korean_name",
            "confidence": 1,
            "matched_name": "1,2-헥산다이올",
            "note": null,
            "candidates": []
          },
          "target": {
            "kind": "ingredient",
            "id": 54170,
            "inci_name": "1,2-HEXANEDIOL",
            "korean_name": "1,2-헥산다이올",
            "eu_status": "not_listed",
            "kr_status": "not_listed"
          },
          "functions": [
            "SKIN CONDITIONING",
            "SOLVENT"
          ],
          "markets": {
            "EU": {
              "status": "not_listed",
              "limit": null,
              "fragrance_allergen": null,
              "why": "Not on the EU lists; that is not a statement that it is allowed in every use.",
              "entries": []
            },
            "KR": {
              "status": "not_listed",
              "limit": null,
              "fragrance_allergen": null,
              "why": "Not on the KR lists; that is not a statement that it is allowed in every use.",
              "entries": []
            }
          }
        },
        {
          "position": 5,
          "text": "페녹시에탄올(0.8%)",
          "name": "페녹시에탄올",
          "alternatives": [],
          "concentration_percent": 0.8,
          "nano": false,
          "may_contain": false,
          "footnote_marks": [],
          "match": {
            "kind": "exact",
            "rule": "korean_name",
            "confidence": 1,
            "matched_name": "페녹시에탄올",
            "note": null,
            "candidates": []
          },
          "target": {
            "kind": "ingredient",
            "id": 36522,
            "inci_name": "PHENOXYETHANOL",
            "korean_name": "페녹시에탄올",
            "eu_status": "allowed_with_conditions",
            "kr_status": "restricted"
          },
          "functions": [
            "ANTIMICROBIAL",
            "PRESERVATIVE"
          ],
          "markets": {
            "EU": {
              "status": "allowed_with_conditions",
              "limit": {
                "result": "within_limit",
                "concentration_percent": 0.8,
                "max_percent": 1,
                "basis": null,
                "clause": "EU Annex V 29",
                "reason": "0.8 % is within the maximum 1 % (EU Annex V 29)"
              },
              "fragrance_allergen": null,
              "why": "Allowed in EU only as listed (EU Annex V 29): 0.8 % is within the maximum 1 % (EU Annex V 29).",
              "entries": [
                {
                  "list": "EU Annex V",
                  "reference": "29",
                  "name": "2-Phenoxyethanol",
                  "status": "allowed_with_conditions",
                  "effective_from": null,
                  "source": {
                    "name": "cosing_annex_V",
                    "date": "2025-10-31",
                    "official": true,
                    "note": "CosIng export of the annexes; the legal text is Regulation (EC) No 1223/2009 as amended"
                  },
                  "conditions": {
                    "clauses": [
                      {
                        "label": null,
                        "product_type_text": null,
                        "scope": {
                          "any_of": null,
                          "none_of": [],
                          "other": false,
                          "known": true
                        },
                        "max_percent": 1,
                        "basis": null,
                        "ph_min": null,
                        "ph_max": null,
                        "not_under_age_years": null,
                        "warning": null,
                        "applies_from": null,
                        "applies": "applies"
                      }
                    ],
                    "labelling_duty": null,
                    "parsed": true,
                    "notes": []
                  }
                }
              ]
            },
            "KR": {
              "status": "restricted",
              "limit": {
                "result": "within_limit",
                "concentration_percent": 0.8,
                "max_percent": 1,
                "basis": null,
                "clause": "KR 별표2 23",
                "reason": "0.8 % is within the maximum 1 % (KR 별표2 23)"
              },
              "fragrance_allergen": null,
              "why": "Restricted in KR (KR 별표2 23): 0.8 % is within the maximum 1 % (KR 별표2 23).",
              "entries": [
                {
                  "list": "KR 별표2",
                  "reference": "23",
                  "name": "페녹시에탄올 (Phenoxyethanol)",
                  "status": "restricted",
                  "effective_from": null,
                  "source": {
                    "name": "kr_rules_transcription",
                    "date": null,
                    "official": false,
                    "note": "Unofficial transcription of MFDS 화장품 안전기준 등에 관한 규정 별표1/별표2 (study-guide project); not an MFDS export"
                  },
                  "conditions": {
                    "clauses": [
                      {
                        "label": null,
                        "product_type_text": null,
                        "scope": {
                          "any_of": null,
                          "none_of": [],
                          "other": false,
                          "known": true
                        },
                        "max_percent": 1,
                        "basis": null,
                        "ph_min": null,
                        "ph_max": null,
                        "not_under_age_years": null,
                        "warning": null,
                        "applies_from": null,
                        "applies": "applies"
                      }
                    ],
                    "labelling_duty": null,
                    "parsed": true,
                    "notes": []
                  }
                }
              ]
            }
          }
        },
        {
          "position": 6,
          "text": "향료",
          "name": "향료",
          "alternatives": [],
          "concentration_percent": null,
          "nano": false,
          "may_contain": false,
          "footnote_marks": [],
          "match": {
            "kind": "exact",
            "rule": "korean_name",
            "confidence": 1,
            "matched_name": "향료",
            "note": null,
            "candidates": []
          },
          "target": {
            "kind": "ingredient",
            "id": 35851,
            "inci_name": "PARFUM",
            "korean_name": "향료",
            "eu_status": "not_listed",
            "kr_status": "not_listed"
          },
          "functions": [
            "FRAGRANCE",
            "PERFUMING"
          ],
          "markets": {
            "EU": {
              "status": "not_listed",
              "limit": null,
              "fragrance_allergen": null,
              "why": "Not on the EU lists; that is not a statement that it is allowed in every use.",
              "entries": []
            },
            "KR": {
              "status": "not_listed",
              "limit": null,
              "fragrance_allergen": null,
              "why": "Not on the KR lists; that is not a statement that it is allowed in every use.",
              "entries": []
            }
          }
        }
      ],
      "summary": {
        "markets": {
          "EU": {
            "result": "blocked",
            "line": "EU: blocked — 인체줄기세포배양액 (#3). Prohibited in EU: EU Annex II 416 (Cells, tissues or products of human origin). (6 items: 4 not listed, 0 unresolved)",
            "findings": [
              {
                "position": 3,
                "name": "인체줄기세포배양액",
                "status": "prohibited",
                "why": "Prohibited in EU: EU Annex II 416 (Cells, tissues or products of human origin)."
              },
              {
                "position": 5,
                "name": "페녹시에탄올",
                "status": "allowed_with_conditions",
                "why": "Allowed in EU only as listed (EU Annex V 29): 0.8 % is within the maximum 1 % (EU Annex V 29)."
              }
            ],
            "counts": {
              "not_listed": 4,
              "prohibited": 1,
              "allowed_with_conditions": 1
            }
          },
          "KR": {
            "result": "check",
            "line": "KR: check 1 — 페녹시에탄올 (#5) (6 items: 5 not listed, 0 unresolved)",
            "findings": [
              {
                "position": 5,
                "name": "페녹시에탄올",
                "status": "restricted",
                "why": "Restricted in KR (KR 별표2 23): 0.8 % is within the maximum 1 % (KR 별표2 23)."
              }
            ],
            "counts": {
              "not_listed": 5,
              "restricted": 1
            }
          }
        },
        "differences": [
          {
            "position": 3,
            "name": "인체줄기세포배양액",
            "statuses": {
              "EU": "prohibited",
              "KR": "not_listed"
            },
            "line": "인체줄기세포배양액: prohibited in EU, not listed in KR"
          },
          {
            "position": 5,
            "name": "페녹시에탄올",
            "statuses": {
              "EU": "allowed_with_conditions",
              "KR": "restricted"
            },
            "line": "페녹시에탄올: allowed with conditions in EU, restricted in KR"
          }
        ],
        "functions": {
          "ANTIPLAQUE": 1,
          "SKIN CONDITIONING": 3,
          "SOLVENT": 2,
          "SMOOTHING": 1,
          "HUMECTANT": 1,
          "ANTIMICROBIAL": 1,
          "PRESERVATIVE": 1,
          "FRAGRANCE": 1,
          "PERFUMING": 1
        },
        "unresolved": []
      }
    }
  ],
  "footnotes": [],
  "ignored": [
    "전성분"
  ],
  "sources": [
    {
      "name": "cosing_annex_II",
      "date": "2025-12-08",
      "official": true,
      "note": "CosIng export of the annexes; the legal text is Regulation (EC) No 1223/2009 as amended"
    },
    {
      "name": "cosing_annex_III",
      "date": "2025-12-08",
      "official": true,
      "note": "CosIng export of the annexes; the legal text is Regulation (EC) No 1223/2009 as amended"
    },
    {
      "name": "cosing_annex_IV",
      "date": "2025-10-31",
      "official": true,
      "note": "CosIng export of the annexes; the legal text is Regulation (EC) No 1223/2009 as amended"
    },
    {
      "name": "cosing_annex_V",
      "date": "2025-10-31",
      "official": true,
      "note": "CosIng export of the annexes; the legal text is Regulation (EC) No 1223/2009 as amended"
    },
    {
      "name": "cosing_annex_VI",
      "date": "2025-10-31",
      "official": true,
      "note": "CosIng export of the annexes; the legal text is Regulation (EC) No 1223/2009 as amended"
    },
    {
      "name": "kr_rules_transcription",
      "date": null,
      "official": false,
      "note": "Unofficial transcription of MFDS 화장품 안전기준 등에 관한 규정 별표1/별표2 (study-guide project); not an MFDS export"
    }
  ]
}
