import tls from "node:tls";
import { guardedLookup, literalAddressProblem } from "@/lib/net/ssrf";

export interface SyslogTarget {
  host: string;
  port: number;
  caPem: string | null;
  allowPrivate: boolean;
}

const TIMEOUT_MS = 15_000;

/**
 * Sends frames over one TLS connection and closes it. Syslog over TLS has no acknowledgement,
 * so success is the receiver closing its side after ours (it read everything); a reset, a
 * timeout or a certificate the CA does not vouch for is a failure, and the caller keeps its cursor.
 */
export function sendSyslogFrames(target: SyslogTarget, frames: string[]): Promise<void> {
  const problem = literalAddressProblem(target.host, target.allowPrivate);
  if (problem) return Promise.reject(new Error(problem));
  return new Promise((resolve, reject) => {
    let peerEnded = false;
    let failed: Error | null = null;
    const socket = tls.connect({
      host: target.host,
      port: target.port,
      servername: /^[\d.:]+$/.test(target.host) ? undefined : target.host,
      ca: target.caPem ?? undefined,
      lookup: guardedLookup({ allowHttp: true, allowPrivate: target.allowPrivate }) as never,
      timeout: TIMEOUT_MS,
    });
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`No progress for ${TIMEOUT_MS / 1000} s.`)));
    socket.on("error", (err) => (failed ??= err));
    socket.on("data", () => undefined);
    socket.on("end", () => (peerEnded = true));
    socket.on("secureConnect", () => {
      socket.write(frames.join(""));
      socket.end();
    });
    socket.on("close", () => {
      if (failed) reject(failed);
      else if (!peerEnded) reject(new Error("The receiver closed the connection before reading everything."));
      else resolve();
    });
  });
}
