import { PageSkeleton } from "@/components/ui/PageSkeleton";

/** Any console page while its data loads: the header and nav stay, the page's frame shows at once. */
export default function ConsoleLoading() {
  return <PageSkeleton label="Loading the page" />;
}
