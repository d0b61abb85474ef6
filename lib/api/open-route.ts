import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { AppError, unauthorized } from "@/lib/errors";
import { currentCaller, type Caller } from "@/lib/auth/session";
import { errorResponse, passwordChangeRequired, sameOrigin } from "./handler";

/**
 * The few BFF routes that do not act inside a team, so the team permission table cannot guard
 * them: "signed-in" (create or switch teams, accept an invite, change one's password — a user
 * with no team yet must reach these) and "public" (read or accept an invite link signed out).
 * Everything else goes through route() in ./handler.ts; the same Origin, JSON, zod and error
 * steps apply here.
 */
export type OpenAccess = "signed-in" | "public";

interface OpenRouteOptions<TSchema extends z.ZodType | undefined> {
  access: OpenAccess;
  body?: TSchema;
  /** Reachable while the caller still has to replace a one-time password. */
  duringPasswordChange?: boolean;
}

export interface OpenRouteContext<TBody, TCaller> {
  req: NextRequest;
  caller: TCaller;
  body: TBody;
  params: Record<string, string>;
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

type CallerFor<A extends OpenAccess> = A extends "signed-in" ? Caller : Caller | null;

export function openRoute<A extends OpenAccess, TSchema extends z.ZodType | undefined = undefined>(
  options: OpenRouteOptions<TSchema> & { access: A },
  handler: (ctx: OpenRouteContext<TSchema extends z.ZodType ? z.infer<TSchema> : undefined, CallerFor<A>>) => Promise<unknown>,
) {
  return async (req: NextRequest, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const mutating = MUTATING.has(req.method);
      if (mutating && !sameOrigin(req)) throw new AppError("cross_origin", 403, "This request did not come from the Keyward console's own pages.");
      if (options.body && !String(req.headers.get("content-type")).startsWith("application/json")) {
        throw new AppError("unsupported_media_type", 415, "Send the request body as JSON (Content-Type: application/json).");
      }
      const caller = await currentCaller();
      if (options.access === "signed-in" && !caller) throw unauthorized();
      if (caller?.mustChangePassword && !options.duringPasswordChange) throw passwordChangeRequired();
      let body: unknown = undefined;
      if (options.body) {
        const raw: unknown = await req.json().catch(() => {
          throw new AppError("bad_json", 400, "The request body is not valid JSON.");
        });
        body = options.body.parse(raw);
      }
      const result = await handler({
        req,
        caller: caller as CallerFor<A>,
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
