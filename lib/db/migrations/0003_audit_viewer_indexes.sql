CREATE INDEX "audit_team_actor_email_idx" ON "audit_events" USING btree ("team_id","actor_email","id");--> statement-breakpoint
CREATE INDEX "audit_team_target_idx" ON "audit_events" USING btree ("team_id","target_type","target_id","id");--> statement-breakpoint
CREATE INDEX "audit_team_outcome_idx" ON "audit_events" USING btree ("team_id","outcome","id");--> statement-breakpoint
CREATE INDEX "audit_teamless_actor_idx" ON "audit_events" USING btree ("actor_id","id") WHERE "audit_events"."team_id" is null;--> statement-breakpoint
CREATE INDEX "audit_teamless_actor_action_idx" ON "audit_events" USING btree ("actor_id","action","id") WHERE "audit_events"."team_id" is null;--> statement-breakpoint
CREATE INDEX "audit_teamless_actor_at_idx" ON "audit_events" USING btree ("actor_id","at") WHERE "audit_events"."team_id" is null;--> statement-breakpoint
CREATE INDEX "audit_teamless_actor_outcome_idx" ON "audit_events" USING btree ("actor_id","outcome","id") WHERE "audit_events"."team_id" is null;--> statement-breakpoint
CREATE INDEX "audit_teamless_actor_target_idx" ON "audit_events" USING btree ("actor_id","target_type","target_id","id") WHERE "audit_events"."team_id" is null;