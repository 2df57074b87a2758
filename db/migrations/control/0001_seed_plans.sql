-- The business plan's offer. Plan values live here only; code reads them from this table.
INSERT INTO "plans" ("code", "name", "price_cents", "max_products", "max_platforms", "max_users", "ai_descriptions", "ai_generations_per_month", "api_access", "priority_support", "included_publications", "overage_cents_per_publication", "sort_order") VALUES
  ('starter',    'Starter',     990,  50,   2,    1,    false, 0,    false, false, 100,   10, 1),
  ('standard',   'Standard',    1990, 200,  5,    1,    true,  200,  false, false, 500,   10, 2),
  ('premium',    'Premium',     3990, NULL, NULL, 1,    true,  1000, false, true,  2000,  10, 3),
  ('business',   'Business',    9900, NULL, NULL, 10,   true,  5000, true,  true,  10000, 10, 4),
  ('enterprise', 'Enterprise',  NULL, NULL, NULL, NULL, true,  NULL, true,  true,  NULL,  NULL, 5)
ON CONFLICT ("code") DO NOTHING;
