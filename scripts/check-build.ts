/**
 * `npm run check:build`: the production build holds no emulator code, and the browser's bundle no zod,
 * next-auth/react or date-fns. Scans what `next build`
 * wrote for the server and the browser (.next/server, .next/static) for strings only the
 * vendor emulators contain — their control path and the secrets of their seeded demo accounts —
 * and fails naming each file. Run after `next build` (`npm test` does, right after its build).
 * An argument names another build directory (the default is .next).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { PANOS_DEMO_PASSWORD } from "@/emulators/panos/emulator";
import { EXPEDITION_SEED_USERS } from "@/emulators/expedition/emulator";
import { RANCHER_ADMIN_SECRET_KEY, RANCHER_VIEWER_SECRET_KEY } from "@/emulators/rancher/emulator";
import { TREND_DEMO_ADMIN_SECRET } from "@/emulators/trend/emulator";
import { SEEDED_KEYS } from "@/emulators/xsiam/seed";

interface Marker {
  /** What the marker is, printed instead of its value (some are demo secrets). */
  label: string;
  value: string;
}

/**
 * String literals survive minification where function names do not; each is imported from the
 * emulator that holds it, so the list follows the emulators. None occurs in product code.
 */
const EMULATOR_MARKERS: Marker[] = [
  { label: "the emulators' control path /__emulator/ (emulators/kit.ts)", value: "/__emulator/" },
  { label: "the emulators' internal-error answer (emulators/kit.ts)", value: "emulator error: " },
  { label: "the PAN-OS demo admin password (emulators/panos)", value: PANOS_DEMO_PASSWORD },
  ...EXPEDITION_SEED_USERS.filter((u) => u.password.length >= 12).map((u) => ({
    label: `the Expedition seeded ${u.username} password (emulators/expedition)`,
    value: u.password,
  })),
  { label: "the Rancher demo admin secret key (emulators/rancher)", value: RANCHER_ADMIN_SECRET_KEY },
  { label: "the Rancher demo viewer secret key (emulators/rancher)", value: RANCHER_VIEWER_SECRET_KEY },
  { label: "the Trend demo admin secret (emulators/trend)", value: TREND_DEMO_ADMIN_SECRET },
  ...(["standardAdmin", "advancedAdmin", "viewer"] as const).map((k) => ({
    label: `the XSIAM seeded ${k} key (emulators/xsiam/seed.ts)`,
    value: SEEDED_KEYS[k].key,
  })),
];

/**
 * What the browser's bundle must not carry: zod (the BFF validates; forms check with pure
 * modules, and ESLint keeps client components from importing a schema module).
 */
const BROWSER_MARKERS: Marker[] = [
  { label: "zod, the BFF's validation library (its $ZodType constructor name)", value: "$ZodType" },
  // The JavaScript budget (README): sign-in and sign-out go through components/auth-client.ts, dates through Intl.
  { label: "next-auth/react (its cross-tab broadcast key)", value: "nextauth.message" },
  { label: "date-fns with its default locale (a formatDistance token)", value: "lessThanXSeconds" },
];

interface Finding {
  /** Relative to the directory scanned. */
  file: string;
  label: string;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out;
}

/** Every file under `dirs` (relative to `base`) that contains a marker, once per marker. */
function findMarkers(base: string, dirs: string[], markers: Marker[]): Finding[] {
  const needles = markers.map((m) => ({ label: m.label, bytes: Buffer.from(m.value, "utf8") }));
  const findings: Finding[] = [];
  for (const file of dirs.flatMap((d) => filesUnder(path.join(base, d)))) {
    const content = readFileSync(file);
    for (const n of needles)
      if (content.includes(n.bytes)) findings.push({ file: path.relative(base, file), label: n.label });
  }
  return findings;
}

function main(): number {
  const next = path.resolve(__dirname, "..", process.argv[2] ?? ".next");
  const shown = path.relative(process.cwd(), next) || ".";
  if (!existsSync(path.join(next, "BUILD_ID"))) {
    console.error(`No production build in ${shown}: run \`npm run build\` first.`);
    return 1;
  }
  const dirs = ["server", "static"];
  const scanned = dirs.flatMap((d) => filesUnder(path.join(next, d))).length;
  const findings = findMarkers(next, dirs, EMULATOR_MARKERS);
  const inBrowser = findMarkers(next, ["static"], BROWSER_MARKERS);
  if (findings.length === 0)
    console.log(
      `No emulator code in the production build (${scanned} files in ${shown}/server and ${shown}/static, ${EMULATOR_MARKERS.length} markers).`,
    );
  else
    report(
      shown,
      "Emulator code reached the production build; product code (app/, lib/, components/) must not import emulators/:",
      findings,
    );
  if (inBrowser.length === 0)
    console.log(`No zod, next-auth/react or date-fns in the browser's bundle (${shown}/static).`);
  else
    report(
      shown,
      "A library kept out of the browser reached its bundle; a client component imports it, or a module that does (zod: import the pure checks instead of the schema module):",
      inBrowser,
    );
  return findings.length + inBrowser.length === 0 ? 0 : 1;
}

function report(shown: string, headline: string, findings: Finding[]): void {
  console.error(headline);
  const byFile = new Map<string, string[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f.label]);
  for (const [file, labels] of byFile) console.error(`  ${path.join(shown, file)}: ${labels.join("; ")}`);
}

process.exit(main());
