CREATE TABLE "stock_writebacks" (
	"listing_id" uuid NOT NULL,
	"sold_at" timestamp with time zone NOT NULL,
	"source_id" uuid NOT NULL,
	"writes" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_writebacks_listing_id_sold_at_pk" PRIMARY KEY("listing_id","sold_at")
);
--> statement-breakpoint
ALTER TABLE "stock_writebacks" ADD CONSTRAINT "stock_writebacks_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_writebacks" ADD CONSTRAINT "stock_writebacks_source_id_catalog_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "catalog_sources"("id") ON DELETE cascade ON UPDATE no action;