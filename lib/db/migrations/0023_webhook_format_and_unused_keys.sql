CREATE TABLE "unused_reminders" (
	"key_id" uuid NOT NULL,
	"idle_since" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unused_reminders_key_id_idle_since_pk" PRIMARY KEY("key_id","idle_since")
);
--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "revoke_unused_after_days" integer;--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "format" text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "unused_reminders" ADD CONSTRAINT "unused_reminders_key_id_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."keys"("id") ON DELETE cascade ON UPDATE no action;