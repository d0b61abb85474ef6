import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentCaller } from "@/lib/auth/session";
import { sessionLifetimes } from "@/lib/auth/options";
import { getDb } from "@/lib/db";
import { mySessions } from "@/lib/account/sessions";
import { PageHeader } from "@/components/ui/PageHeader";
import { SessionList, type SessionRow } from "@/components/SessionList";
import { formatRelative, formatWhen } from "@/components/ui/format";
import { linkClass } from "@/components/ui/styles";

export const metadata: Metadata = { title: "Sessions" };
export const dynamic = "force-dynamic";

// In the console layout (for the header), but not a team page: someone in no team has sessions too.
export default async function SessionsPage() {
  const caller = await currentCaller();
  if (!caller) redirect("/login?callbackUrl=/account/sessions");
  const lifetimes = sessionLifetimes();
  const sessions = await mySessions(await getDb(), caller, lifetimes);
  // Times are put into words here, once, so the browser shows exactly what the server rendered.
  const rows: SessionRow[] = sessions.map((s) => ({
    id: s.id,
    browser: s.browser,
    userAgent: s.userAgent,
    address: s.address,
    method: s.method,
    signedIn: formatWhen(s.signedInAt),
    signedInAgo: formatRelative(s.signedInAt),
    lastSeen: formatRelative(s.lastSeenAt),
    current: s.current,
  }));
  return (
    <>
      <PageHeader
        title="Your sessions"
        description={`Browsers signed in to ${caller.user.email}. A session ends after ${lifetimes.idleMinutes} minutes without use, and ${lifetimes.maxHours} hours after signing in at the latest.`}
        actions={
          <Link href="/account/password" className={`${linkClass} text-sm`}>
            Change password
          </Link>
        }
      />
      <SessionList sessions={rows} />
    </>
  );
}
