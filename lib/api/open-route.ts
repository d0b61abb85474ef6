import "server-only";
import type { NextRequest } from "next/server";
import { type z } from "zod";
import { unauthorized } from "@/lib/errors";
import { currentCaller, type Caller } from "@/lib/auth/session";
import { checkRequestLine, errorResponse, jsonResult, passwordChangeRequired, readBody } from "./handler";

/**
 * The few BFF routes that do not act inside a team, so the team permission table cannot guard
 * them: "signed-in" (create or switch teams, accept an invite, change one's password — a user
 * with no team yet must reach these) and "public" (read or accept an invite link signed out).
 * Everything else goes through route() in ./handler.ts; the same Origin, text rule, JSON, zod
 * and error steps apply here.
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

type CallerFor<A extends OpenAccess> = A extends "signed-in" ? Caller : Caller | null;

export function openRoute<A extends OpenAccess, TSchema extends z.ZodType | undefined = undefined>(
  options: OpenRouteOptions<TSchema> & { access: A },
  handler: (
    ctx: OpenRouteContext<TSchema extends z.ZodType ? z.infer<TSchema> : undefined, CallerFor<A>>,
  ) => Promise<unknown>,
) {
  return async (req: NextRequest, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const params = (await context.params) ?? {};
      checkRequestLine(req, params);
      const caller = await currentCaller();
      if (options.access === "signed-in" && !caller) throw unauthorized();
      if (caller?.mustChangePassword && !options.duringPasswordChange) throw passwordChangeRequired();
      const body = options.body ? await readBody(req, options.body) : undefined;
      const result = await handler({
        req,
        caller: caller as CallerFor<A>,
        body: body as TSchema extends z.ZodType ? z.infer<TSchema> : undefined,
        params,
      });
      return jsonResult(req, result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
