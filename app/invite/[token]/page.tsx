import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { currentCaller } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { findOpenInvite, type OpenInvite } from "@/lib/teams/find-invite";
import { AcceptInvite } from "@/components/team/AcceptInvite";
import { roleWithArticle } from "@/components/team/RoleSelect";
import { Alert } from "@/components/ui/Alert";
import { cardClass } from "@/components/ui/styles";
import { formatWhen } from "@/components/ui/format";
import { Main } from "@/components/ui/Main";

export const metadata: Metadata = { title: "Invite" };
export const dynamic = "force-dynamic";

/** The invite link's page: works signed in (join) and signed out (create an account and join). */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const caller = await currentCaller();
  let invite: OpenInvite | null = null;
  let problem: string | null = null;
  try {
    invite = await findOpenInvite(await getDb(), token);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    // Unknown: 404 with the invite's own not-found page. Expired, used or revoked links are shown
    // with their reason below; an App Router page cannot answer 410 (the BFF's GET /api/invites/:token does).
    if (err.status === 404) notFound();
    problem = err.message;
  }
  return (
    <Main className="flex min-h-screen items-center justify-center p-6">
      <div className={`${cardClass} w-full max-w-md`}>
        <p className="text-sm font-semibold uppercase tracking-wide text-sky-700 dark:text-sky-400">Keyward</p>
        {invite ? (
          <>
            <h1 className="mt-1 text-2xl font-semibold">Join {invite.teamName}</h1>
            <p className="mt-1 mb-6 text-sm text-slate-600 dark:text-slate-400">
              You are invited as {roleWithArticle(invite.role)}
              {invite.email ? ` (for ${invite.email})` : ""}. The link is valid until{" "}
              {formatWhen(invite.expiresAt.toISOString())}.
            </p>
            <AcceptInvite
              token={token}
              teamName={invite.teamName}
              lockedEmail={invite.email}
              signedInAs={caller?.user.email ?? null}
            />
          </>
        ) : (
          <>
            <h1 className="mt-1 mb-4 text-2xl font-semibold">This invite cannot be used</h1>
            <Alert tone="error">{problem}</Alert>
          </>
        )}
      </div>
    </Main>
  );
}
