ALTER TABLE "key_requests" ADD COLUMN "replace_grace_hours" integer;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "approval_window_minutes" integer DEFAULT 1440 NOT NULL;--> statement-breakpoint
-- Teams keep the window they chose in hours.
UPDATE "teams" SET "approval_window_minutes" = "approval_window_hours" * 60;
