CREATE TABLE "source_items" (
	"source_id" uuid NOT NULL,
	"source_ref" text NOT NULL,
	"product_id" uuid NOT NULL,
	"seen_run_id" uuid,
	"deleted_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_items_source_id_source_ref_pk" PRIMARY KEY("source_id","source_ref")
);
--> statement-breakpoint
CREATE TABLE "source_orders" (
	"source_id" uuid NOT NULL,
	"order_ref" text NOT NULL,
	"lines" integer DEFAULT 0 NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_orders_source_id_order_ref_pk" PRIMARY KEY("source_id","order_ref")
);
--> statement-breakpoint
CREATE TABLE "source_states" (
	"source_id" uuid PRIMARY KEY NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"external_id" text NOT NULL,
	"last_delivery_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_webhooks_topic_uq" UNIQUE("source_id","topic")
);
--> statement-breakpoint
ALTER TABLE "source_items" ADD CONSTRAINT "source_items_source_id_catalog_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "catalog_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_items" ADD CONSTRAINT "source_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_items" ADD CONSTRAINT "source_items_seen_run_id_import_runs_id_fk" FOREIGN KEY ("seen_run_id") REFERENCES "import_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_orders" ADD CONSTRAINT "source_orders_source_id_catalog_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "catalog_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_states" ADD CONSTRAINT "source_states_source_id_catalog_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "catalog_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_webhooks" ADD CONSTRAINT "source_webhooks_source_id_catalog_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "catalog_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "source_items_product_idx" ON "source_items" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "source_items_seen_idx" ON "source_items" USING btree ("source_id","seen_run_id");