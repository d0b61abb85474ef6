import Link from "next/link";
import { currentCaller } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { StandalonePage } from "@/components/ui/StandalonePage";
import { buttonClass } from "@/components/ui/styles";

/** A console page the caller's role may not open (pageContext → forbidden(): status 403). */
export default async function Forbidden() {
  const caller = await currentCaller();
  const role = caller?.team?.role;
  return (
    <StandalonePage framed title="Your role does not allow this page">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {role
          ? `You are ${role === "admin" ? "an" : "a"} ${role} in ${caller.team!.name}, and this page is for roles with more rights. An admin of the team can change your role.`
          : "This page is for team members with more rights. An admin of the team can change your role."}
      </p>
      <div className="mt-6 flex flex-wrap gap-2">
        <Link href="/" className={buttonClass.primary}>
          Go to the dashboard
        </Link>
        {role && can(role, "request.create") && !can(role, "key.issue") ? (
          <Link href="/requests/new" className={buttonClass.secondary}>
            Request a key
          </Link>
        ) : null}
      </div>
    </StandalonePage>
  );
}
