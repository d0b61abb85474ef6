import { describe, expect, it } from "vitest";
import { auditExportStream, csvCell, csvHeader, csvRow } from "./export";
import type { AuditEventView } from "./queries";

// The export formats: RFC 4180 CSV with a formula-injection guard, and JSON Lines, streamed.

const event = (over: Partial<AuditEventView> = {}): AuditEventView => ({
  id: 7,
  at: "2026-01-02T03:04:05.006Z",
  teamId: "t-1",
  actorId: "u-1",
  actorEmail: "ann@example.com",
  action: "key.issue",
  targetType: "key",
  targetId: "k-1",
  outcome: "success",
  detail: { name: 'CI, "prod"\nline two' },
  prevHash: "0".repeat(64),
  hash: "a".repeat(64),
  keyed: true,
  ...over,
});

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

async function* events(list: AuditEventView[]): AsyncGenerator<AuditEventView> {
  for (const e of list) yield e;
}

describe("CSV cells", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ['=HYPERLINK("http://evil")', '"\'=HYPERLINK(""http://evil"")"'],
    ["+1+2", "'+1+2"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    [null, ""],
    [42, "42"],
  ] as const)("writes %j as %j", (value, expected) => expect(csvCell(value)).toBe(expected));

  it("writes a detail object as JSON in one quoted cell", () => {
    expect(csvCell({ a: "b,c" })).toBe('"{""a"":""b,c""}"');
  });
});

describe("the export stream", () => {
  it("writes a header and one CRLF-terminated row per event as CSV", async () => {
    const out = await text(
      await auditExportStream(events([event(), event({ id: 8, actorEmail: "=cmd@example.com" })]), "csv"),
    );
    expect(out.startsWith(csvHeader())).toBe(true);
    expect(out).toBe(csvHeader() + csvRow(event()) + csvRow(event({ id: 8, actorEmail: "=cmd@example.com" })));
    expect(out).toContain(",'=cmd@example.com,");
    expect(out).toContain('"{""name"":""CI, \\""prod\\""\\nline two""}"');
  });

  it("writes one JSON object per line as JSON Lines, which parse back to the events", async () => {
    const list = Array.from({ length: 1203 }, (_, i) => event({ id: i + 1 }));
    const out = await text(await auditExportStream(events(list), "jsonl"));
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(1203);
    expect(lines.map((l) => JSON.parse(l) as AuditEventView)).toEqual(list);
  });

  it("writes only the header for no events", async () => {
    expect(await text(await auditExportStream(events([]), "csv"))).toBe(csvHeader());
    expect(await text(await auditExportStream(events([]), "jsonl"))).toBe("");
  });
});
