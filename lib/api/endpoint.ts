import "server-only";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { unauthorized } from "@/lib/errors";
import { getDb } from "@/lib/db";
import type { Db } from "@/lib/db/client";
import { uuidOrNotFound } from "@/lib/ids";
import { needsSudo, type AccountPermission, type Permission } from "@/lib/auth/permissions";
import { requireSudo } from "@/lib/auth/sudo";
import { passwordChangeRequired, secondFactorRequired, teamAccess } from "@/lib/auth/access";
import { currentCaller, type Caller } from "@/lib/auth/session";
import type { Actor, Viewer } from "@/lib/auth/actor";
import { checkRequestLine, errorResponse, jsonResult, readBody } from "./http";

/**
 * A path segment's rule: `{ uuid: "The key" }` for a row id (anything else is that subject's
 * 404 before a query runs), `"text"` for a free token (an invite link's).
 */
type ParamRule = { uuid: string } | "text";

interface CommonSettings<TSchema extends z.ZodType | undefined, P extends string> {
  /** The JSON body's schema; without one the route reads no body. */
  body?: TSchema;
  params?: Record<P, ParamRule>;
}

/** Acting inside the caller's current team: the permission table decides role and sudo. */
export interface TeamSettings<TSchema extends z.ZodType | undefined, P extends string> extends CommonSettings<
  TSchema,
  P
> {
  access: "team";
  permission: Permission;
}

/**
 * The few routes outside a team: "signed-in" (create or switch teams, accept an invite, change
 * one's password — a user with no team yet must reach these) and "public" (an invite link
 * read or accepted signed out).
 */
export interface OpenSettings<
  A extends "signed-in" | "public",
  TSchema extends z.ZodType | undefined,
  P extends string,
> extends CommonSettings<TSchema, P> {
  access: A;
  /** Reachable while the caller still has to replace a one-time password. */
  duringPasswordChange?: boolean;
  /** Reachable while a team's rule makes the caller enrol a second factor first (the enrolment routes). */
  duringFactorEnrolment?: boolean;
  /** For one's own account ("signed-in" only): the account table's sudo column applies. */
  permission?: A extends "signed-in" ? AccountPermission : never;
}

export type EndpointSettings =
  TeamSettings<z.ZodType | undefined, string> | OpenSettings<"signed-in" | "public", z.ZodType | undefined, string>;

type BodyOf<TSchema> = TSchema extends z.ZodType ? z.infer<TSchema> : undefined;
/** What a caller sends: the schema's input, before its defaults and transforms. */
type InputOf<TSchema> = TSchema extends z.ZodType ? z.input<TSchema> : undefined;

interface BaseContext<TBody, P extends string> {
  req: NextRequest;
  db: Db;
  body: TBody;
  params: Record<P, string>;
}

export interface TeamContext<TBody, P extends string> extends BaseContext<TBody, P> {
  actor: Actor;
  viewer: Viewer;
}

export interface OpenContext<TBody, P extends string, TCaller> extends BaseContext<TBody, P> {
  caller: TCaller;
}

type NextHandler = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * A route handler that carries its settings, so the permission matrix reads them instead of the
 * source, and (in types only) what it takes and answers, so the browser's typed client
 * (components/api-client.ts) reads both from the handler rather than restating them.
 */
export type Endpoint<TInput = unknown, TResult = unknown> = NextHandler & {
  readonly settings: EndpointSettings;
  readonly types?: { input: TInput; result: TResult };
};

function checkedParams(raw: Record<string, string>, rules: Record<string, ParamRule> | undefined) {
  for (const [name, rule] of Object.entries(rules ?? {})) {
    if (rule !== "text") uuidOrNotFound(raw[name] ?? "", rule.uuid);
  }
  return raw;
}

/**
 * The one wrapper every BFF handler goes through: Origin and text rule on the request line →
 * session → password, team, permission (teamAccess, shared with pages) → sudo from the
 * permission table → path ids → JSON body (text rule, zod) → handler → error table. Handlers
 * return plain data (sent as JSON, 201 for a POST) or their own Response.
 */
export function endpoint<TSchema extends z.ZodType | undefined = undefined, P extends string = never, R = unknown>(
  settings: TeamSettings<TSchema, P>,
  handler: (ctx: TeamContext<BodyOf<TSchema>, P>) => Promise<R>,
): Endpoint<InputOf<TSchema>, Exclude<R, Response>>;
export function endpoint<TSchema extends z.ZodType | undefined = undefined, P extends string = never, R = unknown>(
  settings: OpenSettings<"signed-in", TSchema, P>,
  handler: (ctx: OpenContext<BodyOf<TSchema>, P, Caller>) => Promise<R>,
): Endpoint<InputOf<TSchema>, Exclude<R, Response>>;
export function endpoint<TSchema extends z.ZodType | undefined = undefined, P extends string = never, R = unknown>(
  settings: OpenSettings<"public", TSchema, P>,
  handler: (ctx: OpenContext<BodyOf<TSchema>, P, Caller | null>) => Promise<R>,
): Endpoint<InputOf<TSchema>, Exclude<R, Response>>;
export function endpoint(settings: EndpointSettings, handler: (ctx: never) => Promise<unknown>): Endpoint {
  // Each overload's handler takes the slice of this context its access level fills in.
  const handle = handler as (
    ctx: TeamContext<unknown, string> & OpenContext<unknown, string, Caller | null>,
  ) => Promise<unknown>;
  const run: NextHandler = async (req, context) => {
    try {
      const raw = (await context.params) ?? {};
      checkRequestLine(req, raw);
      let who: { caller: Caller | null; actor?: Actor; viewer?: Viewer };
      if (settings.access === "team") {
        const access = await teamAccess(settings.permission);
        if (needsSudo(settings.permission)) await requireSudo(access.actor.user.id);
        who = access;
      } else {
        const caller = await currentCaller();
        if (settings.access === "signed-in" && !caller) throw unauthorized();
        if (caller?.mustChangePassword && !settings.duringPasswordChange) throw passwordChangeRequired();
        if (caller?.mustEnrolSecondFactor && !settings.duringFactorEnrolment) throw secondFactorRequired();
        if (caller && settings.permission && needsSudo(settings.permission)) await requireSudo(caller.user.id);
        who = { caller };
      }
      const params = checkedParams(raw, settings.params);
      const body = settings.body ? await readBody(req, settings.body) : undefined;
      const db = await getDb();
      const result = await handle({
        req,
        db,
        body,
        params,
        caller: who.caller,
        actor: who.actor as Actor,
        viewer: who.viewer as Viewer,
      });
      return jsonResult(req, result);
    } catch (err) {
      return errorResponse(err);
    }
  };
  return Object.assign(run, { settings });
}
