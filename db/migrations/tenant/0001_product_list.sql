CREATE TABLE "product_counts" (
	"status" text PRIMARY KEY NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
DROP INDEX "products_status_idx";--> statement-breakpoint
DROP INDEX "products_created_idx";--> statement-breakpoint
CREATE INDEX "listings_state_product_idx" ON "listings" USING btree ("state","product_id");--> statement-breakpoint
CREATE INDEX "products_status_created_idx" ON "products" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "products_created_id_idx" ON "products" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "products_updated_id_idx" ON "products" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "products_title_id_idx" ON "products" USING btree ("title","id");--> statement-breakpoint
CREATE INDEX "products_price_id_idx" ON "products" USING btree ("price","id");--> statement-breakpoint
CREATE INDEX "products_sku_id_idx" ON "products" USING btree ("sku","id");--> statement-breakpoint
CREATE INDEX "products_quantity_id_idx" ON "products" USING btree ("quantity","id");--> statement-breakpoint
CREATE INDEX "products_search_trgm_idx" ON "products" USING gin ((coalesce(sku, '') || ' ' || title || ' ' || coalesce(brand, '')) public.gin_trgm_ops);