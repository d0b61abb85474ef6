import { z } from "zod";
import { UUID_PATTERN } from "@/lib/ids";
import { KEY_DISPOSITIONS } from "./choices";

const uuid = z.string().regex(UUID_PATTERN, "Choose a member from the list.");

/** `DELETE /api/team/members/:userId?keys=…&to=…`: both optional while the member owns no live key. */
export const removalQuerySchema = z
  .object({
    keys: z.enum(KEY_DISPOSITIONS, { error: "Choose revoke, handover or keep." }).optional(),
    to: uuid.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.keys === "handover" && !q.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "Choose the member who takes the keys over." });
    if (q.keys !== "handover" && q.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "Only a handover names a member." });
  });
export type RemovalQuery = z.infer<typeof removalQuerySchema>;
