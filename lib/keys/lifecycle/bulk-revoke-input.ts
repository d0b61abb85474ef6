import { z } from "zod";
import { UUID_PATTERN } from "@/lib/ids";
import { keyFilterSchema } from "../list-query";
import { BULK_REVOKE_MAX } from "./bulk-revoke-report";

/** `POST /api/keys/bulk-revoke`: the preview's exact key ids and the filter it was made for. */
export const bulkRevokeBodySchema = z.object({
  filter: keyFilterSchema,
  keyIds: z
    .array(z.string().regex(UUID_PATTERN, "Not a key id."))
    .min(1, "Preview the keys first: there is nothing to revoke.")
    .max(BULK_REVOKE_MAX, `At most ${BULK_REVOKE_MAX} keys at once.`),
});
