ALTER TABLE "grants" ADD COLUMN "any_scope" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "own_account" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "allow_never" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Existing grants keep their role choice ("empty" used to mean any role) and their "never", but
-- the connection's own account stays only with admins: members must now be granted it by name.
UPDATE "grants" SET "any_scope" = true WHERE "scopes" = '[]'::jsonb;--> statement-breakpoint
UPDATE "grants" SET "own_account" = true WHERE "team_role" = 'admin';--> statement-breakpoint
UPDATE "grants" SET "allow_never" = true WHERE "max_days" IS NULL;
