import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: [
      "lib/**/*.test.ts",
      "app/**/*.test.ts",
      "components/**/*.test.ts",
      "components/**/*.test.tsx",
      "scripts/**/*.test.ts",
      "emulators/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    // Component tests (components/**/*.test.tsx) ask for jsdom in their first line; everything else runs in node.
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite instances and emulator servers are heavy on 2 cores; files run in parallel, tests within a file in order.
    pool: "forks",
    poolOptions: { forks: { maxForks: 2 } },
    server: { deps: { inline: [] } },
    alias: { "server-only": path.resolve(__dirname, "test/support/server-only-stub.ts") },
  },
});
