import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { progressResponse, wantsProgress, type ProgressLine, type WatchedWork } from "./progress-stream";

// The streamed answer: steps, heartbeats, and one last line — or, when the caller left, no result at all.

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readAll(res: Response): Promise<Array<ProgressLine<unknown>>> {
  const text = await res.text();
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ProgressLine<unknown>);
}

function work<T>(over: Partial<WatchedWork<T>> & Pick<WatchedWork<T>, "run">): WatchedWork<T> {
  return { signal: new AbortController().signal, undelivered: async () => undefined, ...over };
}

describe("wantsProgress", () => {
  it("is negotiated by Accept, and a plain API caller keeps plain JSON", () => {
    const req = (accept?: string) => new Request("http://x/", { headers: accept ? { accept } : {} });
    expect(wantsProgress(req("application/x-ndjson, application/json"))).toBe(true);
    expect(wantsProgress(req("application/json;q=0.9, Application/X-NDJSON;q=1"))).toBe(true);
    expect(wantsProgress(req("application/json"))).toBe(false);
    expect(wantsProgress(req("*/*"))).toBe(false);
    expect(wantsProgress(req())).toBe(false);
  });
});

describe("progressResponse", () => {
  it("streams each step, heartbeats while the work is quiet, then the result, uncached and unbuffered", async () => {
    const res = await progressResponse(
      work({
        heartbeatMs: 20,
        run: async ({ progress }) => {
          progress({ step: "vendor_call", message: "Calling the vendor" });
          await later(70);
          progress({ step: "commit", message: "Commit job 3 at 40 %", percent: 40 });
          return { key: { id: "k1" }, secret: "s3cr3t" };
        },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const lines = await readAll(res);
    expect(lines[0]).toMatchObject({ type: "progress", step: "vendor_call", message: "Calling the vendor" });
    expect(lines.filter((l) => l.type === "heartbeat").length).toBeGreaterThanOrEqual(2);
    expect(lines.at(-2)).toMatchObject({ type: "progress", step: "commit", percent: 40 });
    expect(lines.at(-1)).toMatchObject({ type: "result", result: { key: { id: "k1" }, secret: "s3cr3t" } });
  });

  it("answers a refusal before the first step with its own HTTP status, as without streaming", async () => {
    const refused = progressResponse(
      work({
        run: async () => {
          throw new AppError("conflict", 409, "already being issued");
        },
      }),
    );
    await expect(refused).rejects.toMatchObject({ code: "conflict", status: 409 });
  });

  it("ends with an error line in the error table's shape when the work fails after it started", async () => {
    const res = await progressResponse(
      work({
        run: async ({ progress }) => {
          progress({ step: "vendor_call", message: "Calling the vendor" });
          throw new AppError("vendor_timeout", 504, "did not answer");
        },
      }),
    );
    const lines = await readAll(res);
    expect(lines.at(-1)).toMatchObject({
      type: "error",
      status: 504,
      error: { code: "vendor_timeout", message: "did not answer" },
    });
  });

  it("hands the result to undelivered, and writes no result, when the client disconnected first", async () => {
    const client = new AbortController();
    const undelivered: unknown[] = [];
    let signalSeen: AbortSignal | null = null;
    const res = await progressResponse(
      work({
        signal: client.signal,
        undelivered: async (r) => void undelivered.push(r),
        run: async ({ progress, signal }) => {
          signalSeen = signal;
          progress({ step: "vendor_call", message: "Calling the vendor" });
          await later(50);
          return { key: { id: "k2" }, secret: "never-written" };
        },
      }),
    );
    const reader = res.body!.getReader();
    await reader.read();
    client.abort();
    expect(signalSeen!.aborted).toBe(true);
    await later(100);
    expect(undelivered).toEqual([{ key: { id: "k2" }, secret: "never-written" }]);
    const rest = await reader.read();
    expect(rest.done).toBe(true);
  });

  it("treats a reader that cancels the stream (Cancel in the page) as gone too", async () => {
    const undelivered: unknown[] = [];
    const res = await progressResponse(
      work({
        undelivered: async (r) => void undelivered.push(r),
        run: async ({ progress }) => {
          progress({ step: "vendor_call", message: "Calling the vendor" });
          await later(50);
          return { secret: "never-written" };
        },
      }),
    );
    await res.body!.cancel();
    await later(100);
    expect(undelivered).toEqual([{ secret: "never-written" }]);
  });
});
