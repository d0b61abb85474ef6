/**
 * Next.js calls `register()` once when a console server starts. The Node.js runtime starts
 * the job runner (lib/jobs: lapse approvals, retire rotated keys, reconcile connections);
 * other runtimes skip it.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startConsoleJobs } = await import("./lib/schedule/start");
  startConsoleJobs();
}
