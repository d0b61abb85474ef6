const tones: Record<string, string> = {
  active: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  inactive: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
  expired: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  revoked: "bg-rose-100 text-rose-900 dark:bg-rose-900 dark:text-rose-100",
  ownerless: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  drifted: "bg-violet-100 text-violet-900 dark:bg-violet-900 dark:text-violet-100",
  success: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  failure: "bg-rose-100 text-rose-900 dark:bg-rose-900 dark:text-rose-100",
  pending: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  approved: "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
  issued: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  denied: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  sent: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  held: "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
  failed: "bg-rose-100 text-rose-900 dark:bg-rose-900 dark:text-rose-100",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${tones[status] ?? tones.inactive}`}>
      {status}
    </span>
  );
}
