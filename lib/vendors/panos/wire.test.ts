import { describe, expect, it } from "vitest";
import { VendorError } from "../errors";
import { renderPanrc } from "./panrc";
import { adminNameFor } from "./validate";
import { expectSuccess, parseEnvelope, type ReplyContext } from "./wire";
import { readAdminRoles, readCommitJob, readJob, readKey, readPasswordHash, readSystemFacts } from "./wire-results";

const XML = { "content-type": "application/xml; charset=UTF-8" };
const reply = (body: string, status = 200, headers: Record<string, string> = XML) =>
  parseEnvelope({ status, headers, body }, "fw.example:443");
const ctx: ReplyContext = {
  host: "fw.example:443",
  action: "show the system information",
  auth: "password",
  secrets: ["S3cret-pw"],
};

function rejected(body: string, status = 200, c: ReplyContext = ctx): VendorError {
  try {
    expectSuccess(reply(body, status), c);
  } catch (err) {
    if (err instanceof VendorError) return err;
    throw err;
  }
  throw new Error("expected a VendorError");
}

describe("PAN-OS envelope", () => {
  it("reads the real devices' single-quoted root and the documented double-quoted one", () => {
    const real = reply(
      "<response status = 'success'><result><key>LUFRPT14MW5xOEo1R09KVlBZNnpnemh0VHRBOWl6TGM9bXcwM3JHUGVhRlNiY0dCR0srNERUQT09</key></result></response>",
    );
    expect(readKey(expectSuccess(real, ctx).result, "h")).toBe(
      "LUFRPT14MW5xOEo1R09KVlBZNnpnemh0VHRBOWl6TGM9bXcwM3JHUGVhRlNiY0dCR0srNERUQT09",
    );
    const doc = reply(
      `<response status="success"><result><key>gJlQWE56987nBxIqyfa62sZeRtYuIo2BgzEA9UOnlZBhU==</key></result></response>`,
    );
    expect(readKey(doc.result, "h")).toBe("gJlQWE56987nBxIqyfa62sZeRtYuIo2BgzEA9UOnlZBhU==");
  });

  it("accepts codes 19 and 20 as success", () => {
    expect(
      expectSuccess(reply(`<response status="success" code="20"><msg>command succeeded</msg></response>`), ctx)
        .messages,
    ).toEqual(["command succeeded"]);
    expect(expectSuccess(reply(`<response status="success" code="19"><result/></response>`), ctx).code).toBe(19);
  });

  it("refuses non-XML, non-application/xml and rootless answers as vendor_bad_response", () => {
    for (const [body, headers] of [
      ["<html><body>Login</body></html>", { "content-type": "text/html" }],
      [`<response status="success"/>`, { "content-type": "text/xml" }],
      ["<response status = 'success'><result><key>LUF", XML],
      ["<config/>", XML],
    ] as const) {
      expect(() => reply(body, 200, headers)).toThrowError(expect.objectContaining({ failure: "vendor_bad_response" }));
    }
  });

  it("reports a 5xx page as the management server being unavailable", () => {
    expect(() => reply("<html>Bad Gateway</html>", 502, { "content-type": "text/html" })).toThrowError(
      expect.objectContaining({ failure: "vendor_unreachable", vendorStatus: 502 }),
    );
  });
});

describe("PAN-OS errors", () => {
  it("maps both Invalid Credential texts to vendor_auth, worded for a password or a key", () => {
    const current = rejected(
      "<response status = 'error' code = '403'><result><msg>Invalid Credential</msg></result></response>",
      403,
    );
    expect([current.failure, current.message]).toEqual([
      "vendor_auth",
      "The firewall rejected the user name or password (403 Invalid Credential). Check the connection's credentials.",
    ]);
    const older = rejected(
      "<response status = 'error' code = '403'><result><msg>Invalid credentials.</msg></result></response>",
      403,
      { ...ctx, auth: "key" },
    );
    expect(older.failure).toBe("vendor_auth");
    expect(older.message).toContain("rejected the API key");
  });

  it("maps a missing XML API right to vendor_forbidden in the firewall's words", () => {
    const err = rejected(
      "<response status = 'error' code = '403'><result><msg>Type [commit] not authorized for user role.</msg></result></response>",
      403,
    );
    expect(err.failure).toBe("vendor_forbidden");
    expect(err.message).toContain('"Type [commit] not authorized for user role." (code 403)');
  });

  it("reads the command-error layout <msg><line> with CDATA at HTTP 200", () => {
    const err = rejected(
      `<response status="error" code="17"><msg><line><![CDATA[ show -> foo  is unexpected]]></line></msg></response>`,
    );
    expect([err.failure, err.message]).toEqual([
      "vendor_rejected",
      // The device's words are quoted as one summarised line (runs of white space folded), see redact.ts.
      `The firewall rejected the request to show the system information: "show -> foo is unexpected" (code 17).`,
    ]);
  });

  it("reads 400 web errors, not-found codes and internal errors", () => {
    expect(
      rejected(
        `<response status = 'error' code = '400'><result><msg>Illegal parameter [type]</msg></result></response>`,
        400,
      ).failure,
    ).toBe("vendor_rejected");
    expect(
      rejected(`<response status="error" code="7"><msg><line>Object doesn't exist</line></msg></response>`).failure,
    ).toBe("vendor_not_found");
    expect(
      rejected(`<response status="error" code="5"><msg><line>internal error</line></msg></response>`).failure,
    ).toBe("vendor_bad_response");
  });

  it("never repeats a secret the firewall echoes back", () => {
    const err = rejected(
      `<response status="error" code="12"><msg><line>password 'S3cret-pw' is invalid</line></msg></response>`,
    );
    expect(err.message).not.toContain("S3cret-pw");
    expect(err.message).toContain("[redacted]");
  });
});

describe("PAN-OS results", () => {
  it("reads system info facts", () => {
    const body = `<response status="success"><result><system><hostname>PA-3050-A</hostname><ip-address>10.2.3.4</ip-address><model>PA-3050</model><serial>001701000529</serial><sw-version>9.0.0-b36</sw-version><multi-vsys>on</multi-vsys></system></result></response>`;
    expect(readSystemFacts(reply(body).result, "h").map((f) => f.value)).toEqual([
      "PA-3050-A",
      "PA-3050",
      "001701000529",
      "9.0.0-b36",
    ]);
    expect(() => readSystemFacts(reply(`<response status="success"><result/></response>`).result, "h")).toThrowError(
      expect.objectContaining({ failure: "vendor_bad_response" }),
    );
  });

  it("reads device role profiles (one or many entries, or none) and skips vsys roles", () => {
    const one = `<response status="success" code="19"><result total-count="1" count="1"><admin-role admin="admin" dirtyId="3"><entry name="api-ro" admin="admin"><role><device><xmlapi><op>enable</op><config>disable</config></xmlapi></device></role></entry></admin-role></result></response>`;
    expect(readAdminRoles(reply(one).result, "h")).toEqual([
      { id: "api-ro", name: "api-ro", description: "XML API: op" },
    ]);
    const mixed = `<response status="success" code="19"><result><admin-role><entry name="v"><role><vsys><xmlapi><op>enable</op></xmlapi></vsys></role></entry><entry name="d"><role><device><webui/></device></role><description>GUI only</description></entry></admin-role></result></response>`;
    expect(readAdminRoles(reply(mixed).result, "h")).toEqual([
      { id: "d", name: "d", description: "GUI only (XML API: none)" },
    ]);
    expect(readAdminRoles(reply(`<response status="success" code="7"><result/></response>`).result, "h")).toEqual([]);
  });

  it("reads a password hash", () => {
    expect(
      readPasswordHash(
        reply(`<response status="success"><result><phash>$1$abc$def</phash></result></response>`).result,
        "h",
      ),
    ).toBe("$1$abc$def");
  });

  it("reads a commit job id, or no job when nothing changed", () => {
    const queued = reply(
      `<response status="success" code="19"><result><msg><line>Commit job enqueued with jobid 42</line></msg><job>42</job></result></response>`,
    );
    expect(readCommitJob(queued.result, queued.messages, "h")).toBe(42);
    const textOnly = reply(
      `<response status="success" code="19"><result><msg><line>Commit job enqueued with jobid 7</line></msg></result></response>`,
    );
    expect(readCommitJob(textOnly.result, textOnly.messages, "h")).toBe(7);
    const none = reply(`<response status="success" code="19"><msg>There are no changes to commit.</msg></response>`);
    expect(readCommitJob(none.result, none.messages, "h")).toBeNull();
  });

  it("reads job states ACT, FIN/OK and FIN/FAIL with nested detail lines", () => {
    const job = (status: string, result: string, details = "") =>
      readJob(
        reply(
          `<response status="success"><result><job><id>4</id><type>Commit</type><status>${status}</status><result>${result}</result><details>${details}</details></job></result></response>`,
        ).result,
        "h",
      );
    expect(job("ACT", "PEND")).toEqual({ finished: false, ok: false, details: [] });
    expect(job("FIN", "OK", "<line>Configuration committed successfully</line>").ok).toBe(true);
    expect(
      job(
        "FIN",
        "FAIL",
        "<line>Validation Error:</line><line><![CDATA[ profile 'x' is not a valid reference]]></line>",
      ),
    ).toEqual({
      finished: true,
      ok: false,
      details: ["Validation Error:", "profile 'x' is not a valid reference"],
    });
  });
});

describe(".panrc and admin names", () => {
  const key = "LUFRPT14MW5xOEo1R09KVlBZNnpnemh0VHRBOWl6TGM9bXcwM3JHUGVhRlNiY0dCR0srNERUQT09";
  const at = new Date(Date.UTC(2017, 3, 8, 9, 8, 47));

  it("writes what `panxapi.py -t xapilab -k` writes (seed example)", () => {
    expect(renderPanrc({ host: "10.30.11.101", key, tag: "xapilab", generatedAt: at })).toBe(
      `# panxapi.py generated: 2017/04/08 09:08:47\nhostname%xapilab=10.30.11.101\napi_key%xapilab=${key}\n`,
    );
  });

  it("writes untagged lines for an empty tag, and a port line only off 443", () => {
    expect(renderPanrc({ host: "10.30.11.101", port: 443, key, tag: "", generatedAt: at })).toBe(
      `# panxapi.py generated: 2017/04/08 09:08:47\nhostname=10.30.11.101\napi_key=${key}\n`,
    );
    expect(renderPanrc({ host: "fw", port: 8443, key, tag: "lab", generatedAt: at })).toContain(
      "hostname%lab=fw\nport%lab=8443\napi_key%lab=",
    );
  });

  it("derives admin names of at most 31 PAN-OS-safe characters from any key name", () => {
    expect(adminNameFor("CI pipeline", "a1b2c3d4")).toBe("keyward-ci-pipeline-a1b2c3");
    expect(adminNameFor("Überwachung — Grafana Loki Prod", "ffffff")).toBe("keyward-uberwachung-graf-ffffff");
    expect(adminNameFor("日本語", "000000")).toBe("keyward-key-000000");
  });
});
