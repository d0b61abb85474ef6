CREATE INDEX "keys_team_expires_sort_idx" ON "keys" USING btree ("team_id",coalesce("expires_at", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "keys_team_name_idx" ON "keys" USING btree ("team_id",lower("name") collate "C","id");--> statement-breakpoint
CREATE INDEX "keys_team_vendor_idx" ON "keys" USING btree ("team_id","vendor","issued_at","id");--> statement-breakpoint
CREATE INDEX "keys_team_active_expires_idx" ON "keys" USING btree ("team_id","expires_at") WHERE "keys"."status" = 'active';