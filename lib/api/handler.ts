import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { z, ZodError } from "zod";
import { AppError, forbidden, unauthorized } from "@/lib/errors";
import { env } from "@/lib/env";
import { currentCaller, type Caller } from "@/lib/auth/session";
import { can, type Permission } from "@/lib/auth/permissions";
import { requireSudo } from "@/lib/auth/sudo";
import { zodFieldErrors } from "./zod-errors";

type TeamCaller = Caller & { team: NonNullable<Caller["team"]> };

export interface RouteContext<TBody> {
  req: NextRequest;
  caller: TeamCaller;
  body: TBody;
  params: Record<string, string>;
}

interface RouteOptions<TSchema extends z.ZodType | undefined> {
  permission: Permission;
  body?: TSchema;
  /** The action needs a password confirmation within the last 10 minutes (lib/auth/sudo.ts). */
  sudo?: boolean;
}

/** A caller who must replace a one-time password may do nothing else until they have. */
export const passwordChangeRequired = () =>
  new AppError("password_change_required", 403, "Choose a new password first: your account was created with a one-time password (Account → Password).");

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Browsers send Sec-Fetch-Site or Origin on every mutation; anything else is not our page. */
export function sameOrigin(req: NextRequest): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site) return site === "same-origin";
  const origin = req.headers.get("origin");
  if (!origin) return false;
  const host = req.headers.get("host");
  return origin === new URL(env().KEYWARD_URL).origin || (host !== null && new URL(origin).host === host);
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
  // The message of an unexpected error may quote data; log only what identifies it.
  console.error(`[keyward] unexpected ${(err as Error)?.name ?? "error"}`, (err as Error)?.stack?.split("\n").slice(1, 4).join(" | "));
  return NextResponse.json(
    { error: { code: "internal", message: "Something went wrong on the server. Try again; if it persists, check the console's log." } },
    { status: 500, headers: { "cache-control": "no-store" } },
  );
}

/**
 * The wrapper every BFF handler goes through: Origin → content type → session → permission →
 * zod → handler → error table. Handlers return plain data (sent as JSON) or a Response.
 */
export function route<TSchema extends z.ZodType | undefined = undefined>(
  options: RouteOptions<TSchema>,
  handler: (ctx: RouteContext<TSchema extends z.ZodType ? z.infer<TSchema> : undefined>) => Promise<unknown>,
) {
  return async (req: NextRequest, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const mutating = MUTATING.has(req.method);
      if (mutating && !sameOrigin(req)) throw new AppError("cross_origin", 403, "This request did not come from the Keyward console's own pages.");
      if (options.body && !String(req.headers.get("content-type")).startsWith("application/json")) {
        throw new AppError("unsupported_media_type", 415, "Send the request body as JSON (Content-Type: application/json).");
      }
      const caller = await currentCaller();
      if (!caller) throw unauthorized();
      if (caller.mustChangePassword) throw passwordChangeRequired();
      if (!caller.team) throw forbidden("You are not a member of any team yet. Ask an admin to add you.");
      if (!can(caller.team.role, options.permission)) throw forbidden(`Your role (${caller.team.role}) does not allow this.`);
      if (options.sudo) await requireSudo(caller.user.id);
      let body: unknown = undefined;
      if (options.body) {
        const raw: unknown = await req.json().catch(() => {
          throw new AppError("bad_json", 400, "The request body is not valid JSON.");
        });
        body = options.body.parse(raw);
      }
      const result = await handler({
        req,
        caller: caller as TeamCaller,
        body: body as TSchema extends z.ZodType ? z.infer<TSchema> : undefined,
        params: (await context.params) ?? {},
      });
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? { ok: true }, { status: mutating && req.method === "POST" ? 201 : 200, headers: { "cache-control": "no-store" } });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
