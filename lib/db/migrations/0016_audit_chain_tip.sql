-- The keyed audit chain (lib/audit/record.ts). Hashes are HMACs computed by the console, whose
-- key the database never sees; the database only serialises appenders with the chain's advisory
-- lock (0x61756474, the same as audit_chain_head(), held until the transaction ends) and tells an
-- appender where the chain ends. Both functions are VOLATILE plpgsql, so their read takes a
-- snapshot after the lock is granted and sees the event of whoever held the lock before.

-- The chain's last event (0 and the genesis hash when it is empty), read under the lock.
CREATE OR REPLACE FUNCTION "audit_chain_tip"() RETURNS TABLE("id" bigint, "hash" text) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(1635083380);
  RETURN QUERY SELECT e."id", e."hash" FROM "audit_events" e ORDER BY e."id" DESC LIMIT 1;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 0::bigint, repeat('0', 64);
  END IF;
END;
$$;
--> statement-breakpoint
-- Takes the lock and checks that the chain still ends where the appender believes: an appender
-- that computed its hashes on a stale end fails with SQLSTATE KW001 (the actual end in DETAIL,
-- "<id> <hash>") and its whole statement rolls back; it then computes again on the actual end.
CREATE OR REPLACE FUNCTION "audit_chain_expect"("expected_id" bigint, "expected_hash" text) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  tip_id bigint;
  tip_hash text;
BEGIN
  SELECT t."id", t."hash" INTO tip_id, tip_hash FROM audit_chain_tip() t;
  IF tip_id IS DISTINCT FROM "expected_id" OR tip_hash IS DISTINCT FROM "expected_hash" THEN
    RAISE EXCEPTION 'the audit chain has moved on' USING ERRCODE = 'KW001', DETAIL = tip_id::text || ' ' || tip_hash;
  END IF;
  RETURN "expected_id";
END;
$$;
