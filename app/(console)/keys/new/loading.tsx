import { PageSkeleton } from "@/components/ui/PageSkeleton";

/** The issue form reads the team's connections and policies first; it is no list, so no filter skeleton. */
export default function IssueFormLoading() {
  return <PageSkeleton label="Loading the issue form" rows={4} />;
}
