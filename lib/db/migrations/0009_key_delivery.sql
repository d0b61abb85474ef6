ALTER TABLE "keys" ADD COLUMN "delivered_at" timestamp with time zone;--> statement-breakpoint
-- Keys issued before delivery was tracked were shown on their requester's page: count them as delivered.
UPDATE "keys" SET "delivered_at" = "issued_at" WHERE "delivered_at" IS NULL;
