CREATE INDEX "keys_team_expires_sort_idx" ON "keys" USING btree ("team_id",coalesce("expires_at", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "keys_team_name_idx" ON "keys" USING btree ("team_id",lower("name") collate "C","id");--> statement-breakpoint
CREATE INDEX "keys_team_vendor_idx" ON "keys" USING btree ("team_id","vendor","issued_at","id");--> statement-breakpoint
CREATE INDEX "keys_connection_name_idx" ON "keys" USING btree ("connection_id",lower("name") collate "C","id");--> statement-breakpoint
CREATE INDEX "keys_connection_expires_idx" ON "keys" USING btree ("connection_id",coalesce("expires_at", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "keys_team_owner_name_idx" ON "keys" USING btree ("team_id","issued_by",lower("name") collate "C","id");--> statement-breakpoint
CREATE INDEX "keys_team_owner_expires_idx" ON "keys" USING btree ("team_id","issued_by",coalesce("expires_at", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "keys_team_vendor_name_idx" ON "keys" USING btree ("team_id","vendor",lower("name") collate "C","id");--> statement-breakpoint
CREATE INDEX "keys_team_vendor_expires_idx" ON "keys" USING btree ("team_id","vendor",coalesce("expires_at", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "keys_team_active_expires_idx" ON "keys" USING btree ("team_id","expires_at") WHERE "keys"."status" = 'active';