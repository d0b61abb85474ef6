CREATE TABLE "notice_claims" (
	"subject_id" uuid NOT NULL,
	"event" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notice_claims_subject_id_event_at_pk" PRIMARY KEY("subject_id","event","at")
);
--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "credential_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "rotation_days" integer;