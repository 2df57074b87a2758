CREATE TABLE "ai_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"platforms" text[] NOT NULL,
	"language" text,
	"apply" boolean DEFAULT false NOT NULL,
	"total" integer NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"cache_hits" integer DEFAULT 0 NOT NULL,
	"fallbacks" integer DEFAULT 0 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "ai_runs_status_check" CHECK ("ai_runs"."status" in ('running', 'finished'))
);
--> statement-breakpoint
ALTER TABLE "ai_generations" ADD COLUMN "run_id" uuid;--> statement-breakpoint
ALTER TABLE "ai_generations" ADD COLUMN "applied_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ai_generations" ADD COLUMN "applied_platform" text;--> statement-breakpoint
CREATE INDEX "ai_generations_product_idx" ON "ai_generations" USING btree ("product_id","created_at");--> statement-breakpoint
CREATE INDEX "ai_generations_run_idx" ON "ai_generations" USING btree ("run_id","created_at");