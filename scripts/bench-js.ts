// npm run bench:js – first-load JavaScript per route and the floor (scripts/first-load-js.ts),
// written under "firstLoadJs" in bench/results.json. Builds first only when the sources changed.
import path from "node:path";
import { buildIfNeeded } from "./build-if-needed";
import { commitInfo, loadAvgNow, machineInfo, RESULTS_FILE, writeResultsSection } from "./bench-server";
import { firstLoadReport } from "./first-load-js";

const root = path.resolve(__dirname, "..");
const started = Date.now();
const loadAvgAtStart = loadAvgNow();
buildIfNeeded(root);
const report = firstLoadReport(path.join(root, ".next"));
writeResultsSection("firstLoadJs", {
  date: new Date().toISOString(),
  commit: commitInfo(),
  durationSeconds: Math.round((Date.now() - started) / 1000),
  machine: machineInfo(loadAvgAtStart),
  ...report,
});
const over = Object.entries(report.routes).filter(([, r]) => !r.within);
console.log(
  `First-load JS (kB gzipped): floor ${report.floor.gzip}; ` +
    Object.entries(report.routes)
      .map(([route, r]) => `${route} ${r.gzip}`)
      .join(", "),
);
console.log(over.length ? `Over budget: ${over.map(([r]) => r).join(", ")}.` : "Every route within budget.");
console.log(`Written to ${path.relative(process.cwd(), RESULTS_FILE)} ("firstLoadJs").`);
