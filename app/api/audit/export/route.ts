// GET /api/audit/export?format=csv|jsonl&<the viewer's filters> – the filtered log as a streamed download
import { z } from "zod";
import { endpoint } from "@/lib/api/endpoint";
import { eachAuditEvent } from "@/lib/audit/queries";
import { parseAuditFilter } from "@/lib/audit/filter";
import { auditExportStream, exportFileName } from "@/lib/audit/export";

const formatSchema = z.enum(["csv", "jsonl"]);
const CONTENT_TYPE = { csv: "text/csv; charset=utf-8", jsonl: "application/x-ndjson; charset=utf-8" } as const;

export const GET = endpoint({ access: "team", permission: "audit.read" }, async ({ db, actor, req }) => {
  const params = req.nextUrl.searchParams;
  const format = formatSchema.parse(params.get("format") ?? "csv");
  const filter = parseAuditFilter(params);
  const stream = await auditExportStream(eachAuditEvent(db, actor.team.id, filter), format);
  return new Response(stream, {
    headers: {
      "content-type": CONTENT_TYPE[format],
      "content-disposition": `attachment; filename="${exportFileName(format)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
