-- Keeps product_counts exact: one statement trigger per kind of write, reading the transition
-- tables so a bulk write of 100,000 rows costs one grouped upsert, not 100,000. An update that
-- leaves every status as it was writes nothing (no lock taken on the counters).
-- The function keeps the migration's search path (this tenant's schema) whoever calls it.
CREATE FUNCTION product_counts_apply() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO product_counts AS c (status, n)
      SELECT status, count(*) FROM new_rows GROUP BY status ORDER BY status
      ON CONFLICT (status) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO product_counts AS c (status, n)
      SELECT status, -count(*) FROM old_rows GROUP BY status ORDER BY status
      ON CONFLICT (status) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSE
    INSERT INTO product_counts AS c (status, n)
      SELECT status, sum(k) FROM (
        SELECT status, count(*) AS k FROM new_rows GROUP BY status
        UNION ALL
        SELECT status, -count(*) AS k FROM old_rows GROUP BY status
      ) AS delta
      GROUP BY status HAVING sum(k) <> 0 ORDER BY status
      ON CONFLICT (status) DO UPDATE SET n = c.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER products_count_insert AFTER INSERT ON products
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION product_counts_apply();
--> statement-breakpoint
CREATE TRIGGER products_count_update AFTER UPDATE ON products
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION product_counts_apply();
--> statement-breakpoint
CREATE TRIGGER products_count_delete AFTER DELETE ON products
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION product_counts_apply();
--> statement-breakpoint
INSERT INTO product_counts (status, n)
  SELECT status, count(*) FROM products GROUP BY status
  ON CONFLICT (status) DO UPDATE SET n = EXCLUDED.n;
