CREATE INDEX "products_status_updated_idx" ON "products" USING btree ("status","updated_at","id");--> statement-breakpoint
CREATE INDEX "products_status_title_idx" ON "products" USING btree ("status","title","id");--> statement-breakpoint
CREATE INDEX "products_status_price_idx" ON "products" USING btree ("status","price","id");--> statement-breakpoint
CREATE INDEX "products_status_sku_idx" ON "products" USING btree ("status","sku","id");--> statement-breakpoint
CREATE INDEX "products_status_quantity_idx" ON "products" USING btree ("status","quantity","id");