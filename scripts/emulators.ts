/** `npm run emulators`: every vendor emulator over HTTPS with the demo CA, without the console. */
import path from "node:path";

async function main() {
  const dataDir = path.resolve(__dirname, "..", process.env.KEYWARD_DATA_DIR ?? ".data");
  const { ensureDemoTls } = await import("@/lib/tls/demo-ca");
  const { startAllEmulators } = await import("@/emulators/all");
  const tls = await ensureDemoTls(dataDir);
  const running = await startAllEmulators(tls, Number(process.env.KEYWARD_EMULATOR_BASE_PORT ?? 9441));
  for (const { vendor, emulator } of running) {
    console.log(
      `${vendor.padEnd(10)} ${emulator.url}   demo account: ${JSON.stringify(emulator.demoConnection.settings)}`,
    );
  }
  console.log(`CA certificate: ${path.join(dataDir, "tls", "ca.pem")}\nStop with Ctrl-C.`);
  const stop = async () => {
    await Promise.all(running.map((r) => r.emulator.close()));
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
