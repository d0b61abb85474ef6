CREATE TABLE "issue_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"vendor_name" text,
	"status" text DEFAULT 'minting' NOT NULL,
	"key_id" uuid,
	"failure_code" text,
	"failure_message" text,
	"idempotency_key" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "issue_attempts" ADD CONSTRAINT "issue_attempts_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_attempts" ADD CONSTRAINT "issue_attempts_request_id_key_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."key_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_attempts" ADD CONSTRAINT "issue_attempts_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issue_attempts" ADD CONSTRAINT "issue_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "issue_attempts_idempotency_idx" ON "issue_attempts" USING btree ("team_id","user_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "issue_attempts_vendor_name_idx" ON "issue_attempts" USING btree ("connection_id","vendor_name");--> statement-breakpoint
CREATE INDEX "issue_attempts_request_idx" ON "issue_attempts" USING btree ("request_id","started_at");--> statement-breakpoint
CREATE INDEX "issue_attempts_unsettled_idx" ON "issue_attempts" USING btree ("started_at") WHERE "issue_attempts"."status" = 'minting';--> statement-breakpoint
-- The audit chain's last hash for an appender (lib/audit/record.ts). It first takes the chain's
-- advisory lock (0x61756474, held until the transaction ends), which serialises appenders across
-- console instances; being VOLATILE, its read takes a snapshot after the lock is granted, so it
-- sees the event of whoever held the lock before — even when called inside a larger statement.
CREATE OR REPLACE FUNCTION "audit_chain_head"("genesis" text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(1635083380);
  RETURN coalesce((SELECT "hash" FROM "audit_events" ORDER BY "id" DESC LIMIT 1), "genesis");
END;
$$;
