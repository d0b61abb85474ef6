import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureDemoTls, type DemoTls } from "@/lib/tls/demo-ca";

let cached: Promise<DemoTls> | undefined;

/** A throwaway demo CA for contract tests, made once per test process. */
export function testTls(): Promise<DemoTls> {
  cached ??= ensureDemoTls(mkdtempSync(path.join(tmpdir(), "keyward-tls-")));
  return cached;
}
