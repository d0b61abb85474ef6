import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { getDb } from "@/lib/db";
import type { Db } from "@/lib/db/client";
import { teamAccess, type TeamAccess } from "./access";
import type { Permission } from "./permissions";

/**
 * For pages: the same context endpoint() hands a route handler (db, actor, viewer), or the
 * page's answer to a refusal — sign in, choose a password, enrol a second factor, no team yet, or 403 with a page that
 * says the role does not allow it.
 */
export async function pageContext(permission: Permission): Promise<TeamAccess & { db: Db }> {
  try {
    return { ...(await teamAccess(permission)), db: await getDb() };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === "unauthorized") redirect("/login");
    if (err.code === "password_change_required") redirect("/account/password");
    if (err.code === "second_factor_required") redirect("/account/security");
    // Someone in no team yet (a first SSO sign-in) gets an explanation rather than a 404.
    if (err.code === "no_team") redirect("/no-team");
    // A page the role may not open says so (403, app/forbidden.tsx) rather than pretending it does not exist.
    if (err.status === 403) forbidden();
    notFound();
  }
}
