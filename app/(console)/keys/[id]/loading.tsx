import { PageSkeleton } from "@/components/ui/PageSkeleton";

/** A key's page is no list: without its own loading state it would borrow the inventory's filter skeleton. */
export default function KeyLoading() {
  return <PageSkeleton label="Loading the key" rows={4} />;
}
