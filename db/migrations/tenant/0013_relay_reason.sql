ALTER TABLE "channel_accounts" ADD COLUMN "relay_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "channel_accounts" ADD COLUMN "relay_reason" text;--> statement-breakpoint
UPDATE "channel_accounts" SET "relay_since" = "updated_at" WHERE "relay_mode";