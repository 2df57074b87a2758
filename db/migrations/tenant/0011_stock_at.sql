ALTER TABLE "product_variants" ADD COLUMN "stock_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "stock_at" timestamp with time zone;