import { PageSkeleton } from "@/components/ui/PageSkeleton";

/** The inventory counts and sorts a whole team's keys; its filters and rows hold their place meanwhile. */
export default function KeysLoading() {
  return <PageSkeleton label="Loading the keys" filters rows={10} />;
}
