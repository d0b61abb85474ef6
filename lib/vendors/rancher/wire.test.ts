import { describe, expect, it } from "vitest";
import { rancherError, splitBaseUrl } from "./client";
import { rancherUsageSnippets } from "./usage";
import {
  apiKeySchema,
  apiVersionSchema,
  collectionSchema,
  isGone,
  isTransitioning,
  nextMarker,
  parseError,
  projectSchema,
} from "./wire";

// The create response captured from a real Rancher (vendor doc §3.2), abbreviated there too.
const capturedCreate = {
  id: "1c6",
  type: "apiKey",
  links: {
    self: "http://localhost:8080/v1/projects/1a8/apikeys/1c6",
    account: "http://localhost:8080/v1/projects/1a8/apikeys/1c6/account",
    certificate: "http://localhost:8080/v1/projects/1a8/apikeys/1c6/certificate",
  },
  actions: {
    activate: "http://localhost:8080/v1/projects/1a8/apikeys/1c6/?action=activate",
    remove: "http://localhost:8080/v1/projects/1a8/apikeys/1c6/?action=remove",
    deactivate: "http://localhost:8080/v1/projects/1a8/apikeys/1c6/?action=deactivate",
  },
  name: "mycoolname",
  state: "registering",
  accountId: "1a8",
  created: "2016-07-29T18:22:37Z",
  createdTS: 1469816557000,
  description: "my cool description",
  kind: "apiKey",
  publicValue: "375AD58E3AAF7191D3C0",
  secretValue: "aS2tSzVn6okWKUKGCFeg1hjp3vzxe2Y367v7uQqS",
  removed: null,
  transitioning: "yes",
  transitioningMessage: "In Progress",
  transitioningProgress: null,
  uuid: "da6e0500-0000-0000-0000-000000000000",
};

describe("resources", () => {
  it("parses the captured create response", () => {
    const key = apiKeySchema.parse(capturedCreate);
    expect(key).toMatchObject({
      id: "1c6",
      state: "registering",
      publicValue: "375AD58E3AAF7191D3C0",
      secretValue: "aS2tSzVn6okWKUKGCFeg1hjp3vzxe2Y367v7uQqS",
    });
    expect(isTransitioning(key)).toBe(true);
  });

  it("parses a later read, where the secret is null and links may be missing", () => {
    const key = apiKeySchema.parse({
      ...capturedCreate,
      secretValue: null,
      links: null,
      state: "active",
      transitioning: "no",
    });
    expect(key.secretValue).toBeNull();
    expect(key.links).toEqual({});
    expect(isTransitioning(key)).toBe(false);
  });

  it("rejects a body that is not an apiKey", () => {
    expect(apiKeySchema.safeParse({ type: "apiKey" }).success).toBe(false);
    expect(apiKeySchema.safeParse("<html>").success).toBe(false);
  });

  it("parses the collection envelope and its next-page marker", () => {
    const collection = collectionSchema(projectSchema).parse({
      type: "collection",
      resourceType: "project",
      links: { self: "http://host/v2-beta/projects" },
      createTypes: {},
      actions: {},
      data: [{ id: "1a5", type: "project", name: "Default", state: "active" }],
      sortLinks: { name: "http://host/v2-beta/projects?sort=name" },
      pagination: {
        first: null,
        previous: null,
        next: "http://host/v2-beta/projects?limit=1&marker=m5",
        limit: 1,
        total: null,
        partial: true,
      },
      sort: null,
      filters: { name: null, state: null },
      createDefaults: {},
    });
    expect(collection.data[0]?.name).toBe("Default");
    expect(nextMarker(collection.pagination?.next)).toBe("m5");
    expect(nextMarker(null)).toBeUndefined();
    expect(collectionSchema(projectSchema).safeParse({ type: "error", status: 401 }).success).toBe(false);
  });

  it("recognises the API root", () => {
    expect(apiVersionSchema.safeParse({ id: "v2-beta", type: "apiVersion", links: { projects: "x" } }).success).toBe(
      true,
    );
    expect(apiVersionSchema.safeParse({ id: "v2-beta", type: "collection" }).success).toBe(false);
  });

  it("knows which states are final", () => {
    expect(["removing", "removed", "purging", "purged"].every(isGone)).toBe(true);
    expect(["active", "inactive", "registering"].some(isGone)).toBe(false);
    expect(isTransitioning({ state: "updating-active", transitioning: null })).toBe(true);
  });
});

describe("errors", () => {
  const envelope = (status: number, code: string, message: string | null, fieldName?: string) =>
    JSON.stringify({
      id: "e1",
      type: "error",
      baseType: "error",
      links: {},
      actions: {},
      status,
      code,
      message,
      detail: null,
      ...(fieldName ? { fieldName } : {}),
    });

  it("parses the error envelope, validation errors included", () => {
    expect(parseError(envelope(401, "Unauthorized", "Unauthorized"))).toMatchObject({
      status: 401,
      code: "Unauthorized",
    });
    expect(parseError(envelope(422, "ActionNotAvailable", null, "action"))).toMatchObject({
      code: "ActionNotAvailable",
      message: null,
      fieldName: "action",
    });
    expect(parseError("<html>502</html>")).toBeUndefined();
  });

  it.each([
    [401, "Unauthorized", "vendor_auth"],
    [403, "Forbidden", "vendor_forbidden"],
    [404, "Not Found", "vendor_not_found"],
    [405, "Method not allowed", "vendor_rejected"],
    [409, "Conflict", "vendor_rejected"],
    [422, "NotUnique", "vendor_rejected"],
    [500, "Internal Server Error", "vendor_unreachable"],
  ] as const)("maps %i %s to %s and quotes Rancher", (status, code, failure) => {
    const err = rancherError(
      {
        status,
        body: envelope(status, code, status === 422 ? null : code, status === 422 ? "publicValue" : undefined),
      },
      "creating the API key",
    );
    expect(err.failure).toBe(failure);
    expect(err.vendorStatus).toBe(status);
    expect(err.message).toContain(`"${code}"`);
    expect(err.message).toContain("creating the API key");
  });

  it("names the field of a validation error and says what to do", () => {
    const err = rancherError(
      { status: 422, body: envelope(422, "MaxLengthExceeded", null, "name") },
      "creating the API key",
    );
    expect(err.message).toMatch(/MaxLengthExceeded" \(field name\).*Correct/);
  });

  it("never repeats a secret a hostile server echoes", () => {
    const err = rancherError({ status: 401, body: envelope(401, "Unauthorized", "bad secret s3cr3t-value") }, "x", [
      "s3cr3t-value",
    ]);
    expect(err.message).not.toContain("s3cr3t-value");
  });

  it("describes a non-Rancher error body by its status only", () => {
    const err = rancherError({ status: 502, body: "<html>Bad Gateway from nginx</html>" }, "listing environments");
    expect(err.message).toContain("HTTP 502");
    expect(err.message).not.toContain("nginx");
  });
});

describe("base URL forms", () => {
  it.each([
    ["https://rancher.example.com:8080", "https://rancher.example.com:8080", undefined],
    ["https://rancher.example.com/", "https://rancher.example.com", undefined],
    ["https://rancher.example.com/v2-beta", "https://rancher.example.com", "v2-beta"],
    ["https://rancher.example.com/v1/", "https://rancher.example.com", "v1"],
    ["https://rancher.example.com/v2-beta/projects/1a5", "https://rancher.example.com", "v2-beta"],
    ["https://proxy.example.com/rancher/v2-beta/projects/1a5/", "https://proxy.example.com/rancher", "v2-beta"],
  ])("%s", (baseUrl, serverUrl, version) => {
    expect(splitBaseUrl(baseUrl)).toEqual(version ? { serverUrl, version } : { serverUrl });
  });
});

describe("usage snippets", () => {
  it("quotes values for the shell", () => {
    const snippets = rancherUsageSnippets({
      serverUrl: "https://r.example.com:8443",
      apiVersion: "v2-beta",
      environmentId: "1a5",
      accessKey: "AK",
      secretKey: "it's",
    });
    expect(snippets[0]!.content).toBe(`curl -s -u 'AK:it'\\''s' 'https://r.example.com:8443/v2-beta/projects/1a5'`);
    expect(snippets[1]!.content).toBe("machine r.example.com login AK password it's\n");
  });
});
