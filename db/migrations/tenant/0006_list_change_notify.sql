-- Announces a change of what the product list reads, so that every engine process drops its
-- cached lists of this tenant (engine/src/cache). The list reads products (and product_counts,
-- which products' own triggers keep), product_images and listings: a table the list comes to
-- read needs the same trigger (engine/test/list-cache.test.ts checks the three are covered).
-- One statement trigger per table: a bulk write of 100,000 rows is one notification, and
-- PostgreSQL folds identical notifications of one transaction and sends them at commit only.
-- The payload names the tenant by the schema the trigger fired in: tenant_<id> -> tenant:<id>.
CREATE FUNCTION notify_list_change() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
  PERFORM pg_notify('stoflow_changes', 'tenant:' || substr(TG_TABLE_SCHEMA, 8));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER products_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION notify_list_change();
--> statement-breakpoint
CREATE TRIGGER product_images_notify_change
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON product_images
  FOR EACH STATEMENT EXECUTE FUNCTION notify_list_change();
--> statement-breakpoint
CREATE TRIGGER listings_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON listings
  FOR EACH STATEMENT EXECUTE FUNCTION notify_list_change();
