import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { type z, ZodError } from "zod";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { logUnexpected } from "@/lib/log";
import { findUnstorableParam, findUnstorableText, type TextFinding } from "@/lib/validation/text";
import { zodFieldErrors } from "./zod-errors";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The host of an Origin header, or null for `null`, an opaque or an unparseable origin. */
function originHost(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host : null;
  } catch {
    return null;
  }
}

/** Browsers send Sec-Fetch-Site or Origin on every mutation; anything else is not our page. */
function sameOrigin(req: NextRequest): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site) return site === "same-origin";
  const origin = req.headers.get("origin");
  if (!origin) return false;
  if (origin === new URL(env().KEYWARD_URL).origin) return true;
  const host = req.headers.get("host");
  return host !== null && originHost(origin) === host;
}

const unstorable = (where: string, finding: TextFinding) =>
  new AppError("invalid_input", 422, `The ${where} "${finding.field}" cannot be accepted: ${finding.problem}`, {
    [finding.field]: finding.problem,
  });

/**
 * The steps every BFF handler shares before its own work: Origin on mutations, the text rule
 * on path segments and query parameters, then (when the route takes one) a JSON body that
 * passes the text rule and the route's schema. Path and query come first so that nothing
 * unstorable reaches a session or permission lookup either.
 */
export function checkRequestLine(req: NextRequest, params: Record<string, string>): void {
  if (MUTATING.has(req.method) && !sameOrigin(req))
    throw new AppError("cross_origin", 403, "This request did not come from the Keyward console's own pages.");
  const badParam = findUnstorableParam(Object.entries(params));
  if (badParam) throw unstorable("path segment", badParam);
  const badQuery = findUnstorableParam(req.nextUrl.searchParams.entries());
  if (badQuery) throw unstorable("query parameter", badQuery);
}

export async function readBody<TSchema extends z.ZodType>(
  req: NextRequest,
  schema: TSchema,
): Promise<z.infer<TSchema>> {
  if (!String(req.headers.get("content-type")).startsWith("application/json")) {
    throw new AppError(
      "unsupported_media_type",
      415,
      "Send the request body as JSON (Content-Type: application/json).",
    );
  }
  const raw: unknown = await req.json().catch(() => {
    throw new AppError("bad_json", 400, "The request body is not valid JSON.");
  });
  const bad = findUnstorableText(raw);
  if (bad) throw unstorable("field", bad);
  return schema.parse(raw);
}

/** What a handler returned, as the response: JSON (201 for a POST) unless it built its own. */
export function jsonResult(req: NextRequest, result: unknown): Response {
  if (result instanceof Response) return result;
  return NextResponse.json(result ?? { ok: true }, {
    status: req.method === "POST" ? 201 : 200,
    headers: { "cache-control": "no-store" },
  });
}

export function errorResponse(err: unknown): NextResponse {
  if (err instanceof AppError) {
    return NextResponse.json(
      { error: { ...err.extra, code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } },
      { status: err.status, headers: { "cache-control": "no-store" } },
    );
  }
  if (err instanceof ZodError) {
    return NextResponse.json(
      { error: { code: "invalid_input", message: "Some fields need attention.", fields: zodFieldErrors(err) } },
      { status: 422, headers: { "cache-control": "no-store" } },
    );
  }
  logUnexpected("request", err);
  return NextResponse.json(
    {
      error: {
        code: "internal",
        message: "Something went wrong on the server. Try again; if it persists, check the console's log.",
      },
    },
    { status: 500, headers: { "cache-control": "no-store" } },
  );
}
