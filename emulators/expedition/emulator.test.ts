import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, startTestBed, type ExpeditionTestBed } from "./test-support";

let bed: ExpeditionTestBed;
beforeAll(async () => {
  bed = await startTestBed();
});
afterAll(() => bed.emulator.close());

interface LoginBody {
  Contents: { response: { data: { content: { api_key: string; csrfToken: string; id: number } } } };
}

const keyOf = (json: unknown) => (json as LoginBody).Contents.response.data.content;
const firstMessage = (json: unknown) =>
  (
    json as {
      Contents: {
        response: {
          "response-messages": { messages: Array<{ message: string; details: { causes: { description: string } } }> };
        };
      };
    }
  ).Contents.response["response-messages"].messages[0];

describe("Expedition emulator: login routes and encodings", () => {
  it("accepts form-urlencoded on /api/v1/generate_api_key, as the vendor's Python sends it", async () => {
    const res = await bed.call("POST", "/api/v1/generate_api_key", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "username=admin&password=paloalto",
    });
    expect(res.status).toBe(200);
    expect(keyOf(res.json).api_key).toMatch(/^[A-Za-z0-9]{128}$/);
    expect(keyOf(res.json).csrfToken).toMatch(/^[A-Za-z0-9+/]+$/);
    expect(keyOf(res.json).id).toBe(1);
    expect(firstMessage(res.json)?.message).toBe("Authentication successful");
  });

  it("accepts multipart/form-data on /api/v1/login, as the vendor's PHP sends it", async () => {
    const form = new FormData();
    form.set("username", "migrator");
    form.set("password", "Migrate-Expedition-2");
    const res = await bed.call("POST", "/api/v1/login", { body: form });
    expect(res.status).toBe(200);
    expect(keyOf(res.json).id).toBe(2);
  });

  it("accepts JSON with an empty X-CSRF-TOKEN header, as the vendor's curl sends it", async () => {
    const res = await bed.call("POST", "/api/v1/generate_api_key", {
      headers: { "content-type": "application/json", accept: "application/json", "x-csrf-token": "" },
      body: JSON.stringify({ username: "admin", password: "paloalto" }),
    });
    expect(res.status).toBe(200);
    expect(keyOf(res.json).api_key).toHaveLength(128);
  });

  it("issues a different key and csrf token on each login", async () => {
    const body = "username=admin&password=paloalto";
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    const a = keyOf((await bed.call("POST", "/api/v1/generate_api_key", { headers, body })).json);
    const b = keyOf((await bed.call("POST", "/api/v1/generate_api_key", { headers, body })).json);
    expect(a.api_key).not.toBe(b.api_key);
  });

  it("answers 400 with the error envelope when a field is missing or empty", async () => {
    const res = await bed.call("POST", "/api/v1/generate_api_key", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "" }),
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ Type: "error", success: false, Contents: { code: 400, success: false } });
    expect(firstMessage(res.json)?.details.causes.description).toContain("password");
  });

  it("answers 400 for a JSON body that does not parse", async () => {
    const res = await bed.call("POST", "/api/v1/generate_api_key", {
      headers: { "content-type": "application/json" },
      body: "{username",
    });
    expect(res.status).toBe(400);
  });

  it("answers 401 for a wrong password and 405 for GET on a login route", async () => {
    const wrong = await bed.call("POST", "/api/v1/login", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "username=admin&password=PaloAlto",
    });
    expect(wrong.status).toBe(401);
    expect(firstMessage(wrong.json)?.message).toBe("Authentication failed");
    expect((await bed.call("GET", "/api/v1/generate_api_key")).status).toBe(405);
  });
});

describe("Expedition emulator: authenticated reads", () => {
  async function keyFor(username: string, password: string): Promise<string> {
    const res = await bed.call("POST", "/api/v1/generate_api_key", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username, password }).toString(),
    });
    return keyOf(res.json).api_key;
  }

  it("shows each user only their projects and jobs", async () => {
    const migrator = await keyFor("migrator", "Migrate-Expedition-2");
    const projects = await bed.call("GET", "/api/v1/projects", { headers: { authorization: `Bearer ${migrator}` } });
    expect(projects.json).toMatchObject({
      Contents: { response: { total: 1, data: { content: [{ id: 1, name: "branch-asa-migration" }] } } },
    });
    const job = await bed.call("GET", "/api/v1/job/status/1619", { headers: { authorization: `Bearer ${migrator}` } });
    expect(job.status).toBe(404);
  });

  it("serves the documented job envelope", async () => {
    const admin = await keyFor("admin", "paloalto");
    const job = await bed.call("GET", "/api/v1/job/status/1619", { headers: { authorization: `Bearer ${admin}` } });
    expect(job.status).toBe(200);
    expect(job.json).toMatchObject({
      Type: "success",
      Contents: {
        metadata: {},
        response: {
          data: {
            "total-objects": null,
            content: {
              system: {
                jobs: {
                  jobId: 1619,
                  description: "Importing Config into Project",
                  state: 1,
                  JobMsg: { statusCode: 1, statusMessage: "Completed" },
                },
              },
            },
          },
        },
      },
    });
  });

  it("serves the same envelope on the polling path pan.dev's snippets use (/api/v1/job/<id>?complete=true)", async () => {
    const admin = await keyFor("admin", "paloalto");
    const headers = { authorization: `Bearer ${admin}` };
    const polled = await bed.call("GET", "/api/v1/job/1619?complete=true", { headers });
    expect(polled.status).toBe(200);
    expect(polled.json).toEqual((await bed.call("GET", "/api/v1/job/status/1619", { headers })).json);
    expect((await bed.call("GET", "/api/v1/job/4242?complete=true", { headers })).status).toBe(404);
  });

  it("answers 401 for a malformed Authorization header and 404 for an unknown route", async () => {
    const admin = await keyFor("admin", "paloalto");
    expect((await bed.call("GET", "/api/v1/projects", { headers: { authorization: `Token ${admin}` } })).status).toBe(
      401,
    );
    expect(
      (await bed.call("GET", "/api/v1/nothing-here", { headers: { authorization: `Bearer ${admin}` } })).status,
    ).toBe(404);
  });

  it("inspect() counts live keys per user, and expired keys drop out", async () => {
    const before = bed.emulator.inspect();
    await keyFor("migrator", "Migrate-Expedition-2");
    const after = bed.emulator.inspect();
    const migrator = (s: typeof after) => s.users.find((u) => u.username === "migrator")!;
    expect(migrator(after).liveKeys).toBe(migrator(before).liveKeys + 1);
    expect(migrator(after).logins).toBe(migrator(before).logins + 1);
    expect(JSON.stringify(after)).not.toContain("Migrate-Expedition-2");
    bed.advance(40 * DAY_MS);
    expect(bed.emulator.inspect().liveKeys).toBe(0);
    const state = await bed.call("GET", "/__emulator/state");
    expect(state.json).toMatchObject({ liveKeys: 0, users: [{ username: "admin" }, { username: "migrator" }] });
  });
});
