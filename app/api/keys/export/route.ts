// GET /api/keys/export?…&format=csv – the filtered keys view as CSV, streamed in keyset batches
import { endpoint } from "@/lib/api/endpoint";
import { badRequest } from "@/lib/errors";
import { keysCsvStream } from "@/lib/keys/export-csv";
import { parseKeyListQuery } from "@/lib/keys/list-query";

export const GET = endpoint({ access: "team", permission: "key.read" }, async ({ db, actor, req, viewer }) => {
  const params = new URLSearchParams(req.nextUrl.searchParams);
  const format = params.get("format") ?? "csv";
  if (format !== "csv") throw badRequest("Only format=csv is supported.", { format: "Use csv." });
  params.delete("format");
  params.delete("cursor");
  const query = parseKeyListQuery(params);
  const stream = await keysCsvStream(db, actor.team.id, viewer, query);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="keyward-keys-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
});
