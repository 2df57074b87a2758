CREATE TABLE "pacing_slots" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pacing_slots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"channel_account_id" uuid NOT NULL,
	"listing_id" uuid,
	"action" text NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"next_gap_seconds" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pacing_slots" ADD CONSTRAINT "pacing_slots_channel_account_id_channel_accounts_id_fk" FOREIGN KEY ("channel_account_id") REFERENCES "channel_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pacing_slots" ADD CONSTRAINT "pacing_slots_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "listings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pacing_slots_account_taken_idx" ON "pacing_slots" USING btree ("channel_account_id","taken_at");