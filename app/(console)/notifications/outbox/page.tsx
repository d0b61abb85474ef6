import type { Metadata } from "next";
import Link from "next/link";
import { pageContext } from "@/lib/auth/page-guard";
import { recentDeliveries } from "@/lib/notify/outbox";
import { composeMail } from "@/lib/notify/mail";
import { env } from "@/lib/env";
import { PageHeader } from "@/components/ui/PageHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { cardClass, linkClass } from "@/components/ui/styles";
import { formatWhen } from "@/components/ui/format";

export const metadata: Metadata = { title: "Local outbox" };

/** The e-mails a console without a mail server would have sent, as they would have read. */
export default async function LocalOutboxPage() {
  const { db, actor } = await pageContext("notify.read");
  const held = await recentDeliveries(db, actor.team.id, { channel: "email", status: "held" }, 50);
  const consoleUrl = env().KEYWARD_URL;
  return (
    <>
      <PageHeader
        title="Local outbox"
        description="No mail server is configured (set KEYWARD_SMTP_URL), so these e-mails were kept here instead of sent."
      />
      <p className="mb-4 text-sm">
        <Link href="/notifications" className={linkClass}>
          ← Notifications
        </Link>
      </p>
      {held.length === 0 ? (
        <EmptyState title="Nothing held">E-mails appear here when a notification would have been mailed.</EmptyState>
      ) : (
        <ol className="space-y-4">
          {held.map((row) => {
            const mail = composeMail(row, consoleUrl);
            return (
              <li key={row.id} className={cardClass}>
                <article aria-label={mail.subject} className="space-y-2">
                  <h2 className="font-semibold break-words">{mail.subject}</h2>
                  <p className="text-xs text-slate-600 dark:text-slate-400">
                    To {mail.to} · {formatWhen(row.createdAt.toISOString())}
                  </p>
                  <pre className="text-sm break-words whitespace-pre-wrap">{mail.text}</pre>
                </article>
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
