import { PageSkeleton } from "@/components/ui/PageSkeleton";

/** The log's count and filtered page can take a moment on a long log; its frame holds the place. */
export default function AuditLoading() {
  return <PageSkeleton label="Loading the audit log" filters rows={10} />;
}
