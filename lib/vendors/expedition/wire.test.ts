import { describe, expect, it } from "vitest";
import { errorEnvelope, jobEnvelope, successEnvelope } from "@/emulators/expedition/envelope";
import {
  envelopeMessage,
  envelopeSucceeded,
  interpretAuthenticatedRead,
  interpretGenerateKey,
  parseEnvelope,
} from "./wire";

/** The success answer exactly as EXP-INTRO prints it (vendor-protocols-panos-expedition.md §2.2). */
const DOCUMENTED_SUCCESS = `{
  "Type": "success", "success": true, "Contents-Format": "json",
  "Contents": {
    "code": 0, "success": true, "cacheable": false,
    "metadata": {"execution-info": {"execution-time": 0, "execution-memory": 0, "execution-disk-consumption": 0},
                 "request-info": {"request-method": "", "request-query": "", "request-time": "",
                                  "request-client-user": "", "request-client-ip": "", "request-client-agent": ""}},
    "response": {
      "total": 3, "current-page": 1, "per-page": 10, "total-pages": 1, "state": 0, "job-id": 0,
      "response-messages": {"total": 1, "code": 0, "messages": [
        {"message": "Authentication successful",
         "details": {"type": "success", "causes": {"module": "expedition-api", "code": 0, "description": ""}}}]},
      "data": {"fields": null, "columns": null,
               "content": {"api_key": "lyEg5P87DMjLm8dAUm2PZbpYtxLBp9aW7VDldkVjOzcYuE5QscqlUAspchkOIVQQCAYSbbGK3NKKhJFpEj80X44nAZzVO1zA8p87Fs1PfluN8Gg8p20q57fSI43v9H1Z",
                           "csrfToken": "MTU5OTg1Nzk2ODE4V3p4WDdtV3BSSldSMFVjSmM0Ykd2YkFqc1cydlJR", "id": 1}}
    }
  }
}`;

const DOCUMENTED_KEY =
  "lyEg5P87DMjLm8dAUm2PZbpYtxLBp9aW7VDldkVjOzcYuE5QscqlUAspchkOIVQQCAYSbbGK3NKKhJFpEj80X44nAZzVO1zA8p87Fs1PfluN8Gg8p20q57fSI43v9H1Z";

describe("interpretGenerateKey", () => {
  it("reads the key, user id and csrf token of the documented success answer", () => {
    expect(interpretGenerateKey(DOCUMENTED_SUCCESS)).toEqual({
      kind: "issued",
      key: { apiKey: DOCUMENTED_KEY, userId: "1", hasCsrfToken: true },
    });
  });

  it("the emulator's success envelope is the documented one", () => {
    const emulated = successEnvelope(
      { api_key: DOCUMENTED_KEY, csrfToken: "MTU5OTg1Nzk2ODE4V3p4WDdtV3BSSldSMFVjSmM0Ykd2YkFqc1cydlJR", id: 1 },
      { total: 3, message: "Authentication successful" },
    );
    expect(emulated).toEqual(JSON.parse(DOCUMENTED_SUCCESS));
  });

  it("tolerates the newer envelope with a top-level success and data", () => {
    expect(interpretGenerateKey(JSON.stringify({ success: true, data: { api_key: "abc123", id: "7" } }))).toEqual({
      kind: "issued",
      key: { apiKey: "abc123", userId: "7", hasCsrfToken: false },
    });
    expect(
      interpretGenerateKey(JSON.stringify({ success: "true", data: { content: { api_key: "k9", csrfToken: "c" } } })),
    ).toMatchObject({
      kind: "issued",
      key: { apiKey: "k9", userId: undefined, hasCsrfToken: true },
    });
  });

  it("refuses the inferred error envelope and keeps the vendor's words", () => {
    const body = JSON.stringify(errorEnvelope(401, "Authentication failed", "Invalid username or password."));
    expect(interpretGenerateKey(body)).toEqual({
      kind: "refused",
      vendorMessage: "Authentication failed (Invalid username or password.)",
      saidSuccess: false,
    });
  });

  it("does not trust a key in an answer whose success flag says no", () => {
    const env = JSON.parse(DOCUMENTED_SUCCESS) as { Contents: { success: boolean } };
    env.Contents.success = false;
    expect(interpretGenerateKey(JSON.stringify(env))).toMatchObject({ kind: "refused", saidSuccess: false });
    expect(interpretGenerateKey(JSON.stringify({ Type: "error", data: { api_key: "x" }, message: "Locked" }))).toEqual({
      kind: "refused",
      vendorMessage: "Locked",
      saidSuccess: false,
    });
  });

  it("reports a success answer without api_key as refused-with-success, not as a key", () => {
    const env = JSON.parse(DOCUMENTED_SUCCESS) as { Contents: { response: { data: { content: unknown } } } };
    env.Contents.response.data.content = { csrfToken: "only" };
    expect(interpretGenerateKey(JSON.stringify(env))).toMatchObject({ kind: "refused", saidSuccess: true });
  });

  it("reads other failure shapes a PHP back end may send", () => {
    expect(interpretGenerateKey(JSON.stringify({ success: false, message: "Wrong credentials" }))).toEqual({
      kind: "refused",
      vendorMessage: "Wrong credentials",
      saidSuccess: false,
    });
    expect(interpretGenerateKey(JSON.stringify({ error: { message: "Too many attempts" } }))).toMatchObject({
      kind: "refused",
      vendorMessage: "Too many attempts",
    });
    expect(interpretGenerateKey(JSON.stringify({ success: 0, data: { message: "User disabled" } }))).toMatchObject({
      kind: "refused",
      vendorMessage: "User disabled",
    });
  });

  it("calls HTML, truncated JSON, arrays and unrelated JSON unreadable", () => {
    expect(interpretGenerateKey("<html><body>502 Bad Gateway</body></html>")).toEqual({ kind: "unreadable" });
    expect(interpretGenerateKey('{"Type":"success","success":true,"Contents":{"succ')).toEqual({ kind: "unreadable" });
    expect(interpretGenerateKey("[1,2]")).toEqual({ kind: "unreadable" });
    expect(interpretGenerateKey('{"hello":"world"}')).toEqual({ kind: "unreadable" });
    expect(interpretGenerateKey("")).toEqual({ kind: "unreadable" });
  });

  it("rejects an api_key with whitespace as not a key", () => {
    expect(interpretGenerateKey(JSON.stringify({ success: true, data: { api_key: "two words" } }))).toMatchObject({
      kind: "refused",
      saidSuccess: true,
    });
  });
});

describe("interpretAuthenticatedRead", () => {
  it("counts the projects of the classic envelope", () => {
    const body = JSON.stringify(
      successEnvelope(
        [
          { id: 1, name: "a" },
          { id: 2, name: "b" },
        ],
        { total: 2 },
      ),
    );
    expect(interpretAuthenticatedRead(body)).toEqual({
      kind: "ok",
      items: [
        { id: 1, name: "a" },
        { id: 2, name: "b" },
      ],
    });
  });

  it("counts the projects of the newer envelope and nested lists", () => {
    expect(interpretAuthenticatedRead(JSON.stringify({ success: true, data: [{ id: 1 }] }))).toEqual({
      kind: "ok",
      items: [{ id: 1 }],
    });
    expect(interpretAuthenticatedRead(JSON.stringify({ success: true, data: { projects: [] } }))).toEqual({
      kind: "ok",
      items: [],
    });
  });

  it("accepts a bare JSON list as a successful read", () => {
    expect(interpretAuthenticatedRead('[{"id":3}]')).toEqual({ kind: "ok", items: [{ id: 3 }] });
  });

  it("accepts a success without a recognisable list, reporting no count", () => {
    expect(interpretAuthenticatedRead(JSON.stringify(jobEnvelope({ jobId: 1619, state: 1 })))).toEqual({ kind: "ok" });
  });

  it("refuses the error envelope with the vendor's words", () => {
    const body = JSON.stringify(errorEnvelope(401, "API key expired", "The API key has expired."));
    expect(interpretAuthenticatedRead(body)).toEqual({
      kind: "refused",
      vendorMessage: "API key expired (The API key has expired.)",
    });
  });

  it("calls an answer without any success flag unreadable", () => {
    expect(interpretAuthenticatedRead(JSON.stringify({ data: [] }))).toEqual({ kind: "unreadable" });
    expect(interpretAuthenticatedRead("Unauthorized")).toEqual({ kind: "unreadable" });
  });
});

describe("envelope helpers", () => {
  it("reads success flags written as strings and numbers", () => {
    expect(envelopeSucceeded(parseEnvelope('{"success":"false"}')!)).toBe(false);
    expect(envelopeSucceeded(parseEnvelope('{"Contents":{"success":1}}')!)).toBe(true);
    expect(envelopeSucceeded(parseEnvelope('{"Type":"weird"}')!)).toBeUndefined();
  });

  it("joins several response messages", () => {
    const env = parseEnvelope(
      JSON.stringify({
        Contents: {
          response: {
            "response-messages": {
              messages: [{ message: "First" }, { details: { causes: { description: "Second" } } }],
            },
          },
        },
      }),
    )!;
    expect(envelopeMessage(env)).toBe("First; Second");
  });
});
