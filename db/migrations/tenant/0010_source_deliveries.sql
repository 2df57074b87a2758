CREATE TABLE "source_deliveries" (
	"source_id" uuid NOT NULL,
	"delivery_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_deliveries_source_id_delivery_id_pk" PRIMARY KEY("source_id","delivery_id")
);
--> statement-breakpoint
ALTER TABLE "source_deliveries" ADD CONSTRAINT "source_deliveries_source_id_catalog_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "catalog_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "source_deliveries_received_idx" ON "source_deliveries" USING btree ("source_id","received_at");