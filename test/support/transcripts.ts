import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * Recorded vendor exchanges from public sources (documentation examples, client-library test
 * fixtures), stored as JSON beside each adapter in `transcripts/`. A transcript test checks
 * both sides against the same recording: the adapter's parser reads the vendor's response, and
 * the emulator's answer to the vendor's request has the vendor's shape. So the adapter and the
 * emulator cannot drift together away from the vendor.
 */

const transcriptSchema = z.object({
  /** Where the exchange was published: a URL, a repository path or a shared document section. */
  source: z.string().min(10),
  /** What the recording shows, in a sentence. */
  about: z.string().min(5),
  request: z.object({
    method: z.enum(["GET", "POST", "PUT", "DELETE"]),
    path: z.string().startsWith("/"),
    /** Form or query parameters (PAN-OS XML API). */
    params: z.record(z.string(), z.string()).optional(),
    body: z.unknown().optional(),
  }),
  response: z.object({
    status: z.number().int(),
    /** JSON as published, or the XML text for PAN-OS. */
    body: z.unknown(),
  }),
  /** Paths the emulator may leave out (values the vendor's sample has that a seeded emulator cannot). */
  optionalPaths: z.array(z.string()).optional(),
});
export type Transcript = z.infer<typeof transcriptSchema>;

export function loadTranscripts(dir: string): Map<string, Transcript> {
  const out = new Map<string, Transcript>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const raw = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as unknown;
    out.set(file.replace(/\.json$/, ""), transcriptSchema.parse(raw));
  }
  return out;
}

type Kind = "string" | "number" | "boolean" | "null" | "object" | "array";

const kindOf = (v: unknown): Kind =>
  v === null ? "null" : Array.isArray(v) ? "array" : (typeof v as "string" | "number" | "boolean" | "object");

/**
 * Every path in a JSON value with the kind of value there: `reply.DATA[].id → number`. Array
 * items share one path (`[]`), so a list is compared by the shape of its items.
 */
export function shapeOf(value: unknown, prefix = ""): Map<string, Set<Kind>> {
  const shape = new Map<string, Set<Kind>>();
  const add = (p: string, k: Kind) => shape.set(p, (shape.get(p) ?? new Set()).add(k));
  const walk = (v: unknown, p: string) => {
    add(p || "$", kindOf(v));
    if (Array.isArray(v)) for (const item of v) walk(item, `${p}[]`);
    else if (v && typeof v === "object")
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) walk(child, p ? `${p}.${k}` : k);
  };
  walk(value, prefix);
  return shape;
}

/**
 * What the emulator's answer lacks of the vendor's: paths missing, or holding another kind of
 * value (a number where the vendor sends a string). A `null` on either side matches any kind,
 * as vendors null what they may not show. Extra paths in the emulator's answer are allowed.
 */
export function shapeDifferences(vendor: unknown, emulator: unknown, optionalPaths: string[] = []): string[] {
  const want = shapeOf(vendor);
  const got = shapeOf(emulator);
  const problems: string[] = [];
  for (const [p, kinds] of want) {
    if (optionalPaths.some((o) => p === o || p.startsWith(`${o}.`) || p.startsWith(`${o}[]`))) continue;
    const have = got.get(p);
    if (!have) {
      // A path under an empty list or a null cannot be compared: the emulator had nothing there.
      const parent = [...got.keys()].find((g) => p.startsWith(g) && got.get(g)!.has("null"));
      const emptyList = p.includes("[]") && !got.has(p.slice(0, p.lastIndexOf("[]") + 2));
      if (!parent && !emptyList) problems.push(`${p}: missing`);
      continue;
    }
    const vendorKinds = [...kinds].filter((k) => k !== "null");
    const ours = [...have].filter((k) => k !== "null");
    if (vendorKinds.length && ours.length && !vendorKinds.some((k) => ours.includes(k)))
      problems.push(`${p}: the vendor sends ${vendorKinds.join("|")}, the emulator ${ours.join("|")}`);
  }
  return problems;
}
