ALTER TABLE "audit_streams" ADD COLUMN "kind" text DEFAULT 'syslog' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_streams" ADD COLUMN "url" text;--> statement-breakpoint
ALTER TABLE "audit_streams" ADD COLUMN "sealed_auth_header" text;--> statement-breakpoint
ALTER TABLE "audit_streams" ADD COLUMN "allow_http" boolean DEFAULT false NOT NULL;