CREATE TABLE "ai_ledger" (
	"tenant_id" integer NOT NULL,
	"period" date NOT NULL,
	"generations" integer DEFAULT 0 NOT NULL,
	"model_calls" integer DEFAULT 0 NOT NULL,
	"cache_hits" integer DEFAULT 0 NOT NULL,
	"fallbacks" integer DEFAULT 0 NOT NULL,
	"prompt_tokens" bigint DEFAULT 0 NOT NULL,
	"completion_tokens" bigint DEFAULT 0 NOT NULL,
	"cost_micros" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "ai_ledger_tenant_id_period_pk" PRIMARY KEY("tenant_id","period")
);
--> statement-breakpoint
CREATE TABLE "ai_settings" (
	"tenant_id" integer PRIMARY KEY NOT NULL,
	"tone" text DEFAULT 'friendly' NOT NULL,
	"length" text DEFAULT 'standard' NOT NULL,
	"emoji" boolean DEFAULT false NOT NULL,
	"language" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_settings_tone_check" CHECK ("ai_settings"."tone" in ('friendly', 'professional', 'enthusiastic')),
	CONSTRAINT "ai_settings_length_check" CHECK ("ai_settings"."length" in ('short', 'standard', 'long'))
);
--> statement-breakpoint
ALTER TABLE "ai_ledger" ADD CONSTRAINT "ai_ledger_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_settings" ADD CONSTRAINT "ai_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;