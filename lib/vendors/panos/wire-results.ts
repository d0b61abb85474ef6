import { z } from "zod";
import { VendorError } from "../errors";
import type { VendorRole } from "../types";
import { textsOf } from "./wire";

/** zod shapes of the `<result>` payloads Keyward reads, and their readers. */

function badResult(what: string, host: string): VendorError {
  return new VendorError(
    "vendor_bad_response",
    `${host} answered with a success but without ${what}. Check that the base URL points at a PAN-OS firewall.`,
  );
}

const text = z.string().min(1);

/** `<result><key>LUFRPT…</key></result>` */
const keygenResultSchema = z.object({ key: text });

export function readKey(result: unknown, host: string): string {
  const parsed = keygenResultSchema.safeParse(result);
  if (!parsed.success) throw badResult("an API key", host);
  return parsed.data.key;
}

/** `<result><system><hostname>…</hostname><model>…</model>…</system></result>` (abbreviated on purpose). */
const systemInfoSchema = z.object({
  system: z.object({
    hostname: z.string().optional(),
    model: z.string().optional(),
    serial: z.string().optional(),
    "sw-version": z.string().optional(),
  }),
});

export function readSystemFacts(result: unknown, host: string): Array<{ label: string; value: string }> {
  const parsed = systemInfoSchema.safeParse(result);
  if (!parsed.success) throw badResult("system information", host);
  const s = parsed.data.system;
  const facts = [
    { label: "Hostname", value: s.hostname },
    { label: "Model", value: s.model },
    { label: "Serial", value: s.serial },
    { label: "Software version", value: s["sw-version"] },
  ];
  return facts.filter((f): f is { label: string; value: string } => Boolean(f.value));
}

/** `<result><phash>$5$…</phash></result>` from `<request><password-hash>`. */
export function readPasswordHash(result: unknown, host: string): string {
  const parsed = z.object({ phash: text }).safeParse(result);
  if (!parsed.success) throw badResult("a password hash", host);
  return parsed.data.phash;
}

const XMLAPI_TYPES = ["op", "config", "commit", "report", "log", "import", "export", "user-id", "iot"] as const;

const roleEntrySchema = z.object({
  $: z.object({ name: text }),
  description: z.string().optional(),
  role: z
    .object({
      device: z
        .object({ xmlapi: z.record(z.string(), z.unknown()).optional() })
        .passthrough()
        .optional(),
      vsys: z.unknown().optional(),
    })
    .passthrough()
    .optional(),
});

/** `config get /config/shared/admin-role`: `<result><admin-role><entry name="…">…` or an empty `<result/>` (code 7). */
const adminRolesResultSchema = z.union([
  z.object({ "admin-role": z.object({ entry: z.array(z.unknown()).optional() }).passthrough() }).passthrough(),
  z.literal(""),
  z.undefined(),
]);

/**
 * Device-level role profiles only: a key's administrator is bound with `<custom><profile>`, which
 * a vsys role would also need vsys members for.
 */
export function readAdminRoles(result: unknown, host: string): VendorRole[] {
  const parsed = adminRolesResultSchema.safeParse(result);
  if (!parsed.success) throw badResult("a list of admin role profiles", host);
  const entries = typeof parsed.data === "object" ? (parsed.data["admin-role"].entry ?? []) : [];
  const roles: VendorRole[] = [];
  for (const raw of entries) {
    const entry = roleEntrySchema.safeParse(raw);
    if (!entry.success || !entry.data.role?.device) continue;
    const xmlapi = entry.data.role.device.xmlapi ?? {};
    const allowed = XMLAPI_TYPES.filter((t) => xmlapi[t] === "enable");
    const rights = `XML API: ${allowed.length ? allowed.join(", ") : "none"}`;
    const description = entry.data.description?.trim();
    roles.push({
      id: entry.data.$.name,
      name: entry.data.$.name,
      description: description ? `${description} (${rights})` : rights,
    });
  }
  return roles;
}

/** Commit: `<result><msg><line>Commit job enqueued with jobid N</line></msg><job>N</job></result>`, or no job when nothing changed. */
export function readCommitJob(result: unknown, messages: string[], host: string): number | null {
  const job = z.object({ job: z.string().regex(/^\d+$/) }).safeParse(result);
  if (job.success) return Number(job.data.job);
  const words = [...messages, ...textsOf(result)].join(" ");
  const fromText = /jobid\s+(\d+)/i.exec(words);
  if (fromText?.[1]) return Number(fromText[1]);
  if (/no changes to commit/i.test(words)) return null;
  throw badResult("a commit job id", host);
}

/** `<show><jobs><id>N</id></jobs></show>`: status PEND/ACT/FIN, result PEND/OK/FAIL, details lines. */
const jobResultSchema = z.object({
  job: z
    .object({
      id: z.string().optional(),
      status: text,
      result: z.string().optional(),
      progress: z.string().optional(),
      details: z.unknown().optional(),
    })
    .passthrough(),
});

export interface JobState {
  finished: boolean;
  ok: boolean;
  /** `<progress>` while the job runs (0-100); absent when the device does not say or prints a time instead. */
  progress?: number;
  details: string[];
}

export function readJob(result: unknown, host: string): JobState {
  const parsed = jobResultSchema.safeParse(result);
  if (!parsed.success) throw badResult("a job status", host);
  const { job } = parsed.data;
  const finished = job.status.toUpperCase() === "FIN";
  // Some PAN-OS releases print a finished job's progress as its finish time ("10:59:44"): only a bare number counts.
  const percent = /^\s*\d{1,3}\s*$/.test(job.progress ?? "") ? Math.min(Number(job.progress), 100) : undefined;
  return {
    finished,
    ok: finished && (job.result ?? "").toUpperCase() === "OK",
    ...(percent === undefined ? {} : { progress: percent }),
    details: textsOf(job.details),
  };
}

/**
 * `<result total-count="1" count="1"><lifetime>60</lifetime></result>` from a config get of the API
 * Key Lifetime; an unset node answers an empty `<result/>`. Minutes, or null when keys never
 * expire (unset or 0, the PAN-OS default).
 */
export function readKeyLifetimeMinutes(result: unknown, host: string): number | null {
  if (result === undefined || result === null || result === "") return null;
  if (typeof result !== "object") throw badResult("a readable API key lifetime", host);
  // A device adds attributes (admin, dirtyId, time) to what it returns: read the leaf's text either way.
  const node = (result as Record<string, unknown>).lifetime;
  if (node === undefined) return null;
  const value = textsOf(node)[0] ?? "";
  if (!/^\d+$/.test(value)) throw badResult("a readable API key lifetime", host);
  const minutes = Number(value);
  return minutes > 0 ? minutes : null;
}
