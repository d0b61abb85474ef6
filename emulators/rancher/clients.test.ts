import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startTestBed, type RancherTestBed } from "./test-support";

// The bootstrap of Rancher's own clients, as their code does it (read, not copied):
// - rancher/gdapi-python gdapi.py `Client._load_schemas`: GET the URL, follow `X-API-Schemas`
//   unless it is the URL itself, keep `type == "schema"` items, bind methods from
//   `collectionMethods`/`resourceMethods`, read `links.collection` and `collectionFilters`.
// - rancher/go-rancher v2/common.go `setupRancherBaseClient`: the same header (an error without
//   it), then `json.Unmarshal` into v2/types.go `Schemas`; `doCreate` falls back to
//   `links.self` with `schemas.*` replaced by `pluralName`. Mirrored below as zod shapes, so a
//   field of the wrong JSON type fails here as it would fail Go's decoder.
// scripts/vendor-clients/rancher_gdapi_check.py runs gdapi-python itself against the emulator.

const goField = z
  .object({
    type: z.string().optional(),
    nullable: z.boolean().optional(),
    create: z.boolean().optional(),
    update: z.boolean().optional(),
    required: z.boolean().optional(),
    options: z.array(z.string()).optional(),
    maxLength: z.number().int().nullable().optional(),
  })
  .strict()
  .or(z.object({ type: z.string() }).passthrough());
const goSchema = z.object({
  id: z.string().min(1),
  type: z.literal("schema"),
  links: z.record(z.string(), z.string()),
  actions: z.record(z.string(), z.string()),
  pluralName: z.string().min(1),
  resourceMethods: z.array(z.string()),
  resourceFields: z.record(z.string(), goField),
  resourceActions: z.record(
    z.string(),
    z.object({ input: z.string().nullable().optional(), output: z.string().nullable().optional() }),
  ),
  collectionMethods: z.array(z.string()),
  collectionFields: z.record(z.string(), goField),
  collectionActions: z.record(z.string(), z.unknown()),
  collectionFilters: z.record(z.string(), z.object({ modifiers: z.array(z.string()) })),
  includeableLinks: z.array(z.string()),
});
const goCondition = z.object({ modifier: z.string().optional(), value: z.unknown() });
const goCollection = z.object({
  type: z.literal("collection"),
  resourceType: z.string(),
  links: z.record(z.string(), z.string()),
  createTypes: z.record(z.string(), z.string()),
  actions: z.record(z.string(), z.string()),
  sortLinks: z.record(z.string(), z.string()),
  pagination: z
    .object({
      first: z.string().nullable(),
      previous: z.string().nullable(),
      next: z.string().nullable(),
      limit: z.number().int().nullable(),
      total: z.number().int().nullable(),
      partial: z.boolean(),
    })
    .nullable(),
  filters: z.record(z.string(), z.array(goCondition).nullable()),
  data: z.array(z.unknown()),
});

let bed: RancherTestBed;
beforeAll(async () => (bed = await startTestBed()));
afterAll(() => bed.emulator.close());

const pathOf = (link: string) => {
  const u = new URL(link);
  return u.pathname + u.search;
};

/** What both clients do first: GET the URL they were given, then the schemas its header names. */
async function bootstrap(path: string) {
  const first = await bed.raw("GET", path);
  expect(first.status).toBe(200);
  const schemasUrl = first.headers["x-api-schemas"];
  expect(schemasUrl, `X-API-Schemas on ${path}`).toMatch(/^https:\/\/.+\/schemas$/);
  const schemas = await bed.raw("GET", pathOf(schemasUrl!));
  expect(schemas.status).toBe(200);
  const data = z.object({ data: z.array(goSchema) }).parse(schemas.json).data;
  return { schemasUrl: schemasUrl!, types: new Map(data.map((s) => [s.id, s])) };
}

describe("Rancher emulator: the official clients' bootstrap", () => {
  it("names the schemas in X-API-Schemas on the API root, and they decode as go-rancher's Schema", async () => {
    const { types } = await bootstrap("/v2-beta");
    expect([...types.keys()].sort()).toEqual(["apiKey", "project"]);
    const apiKey = types.get("apiKey")!;
    expect(apiKey.pluralName).toBe("apiKeys");
    expect(apiKey.collectionMethods).toEqual(["GET", "POST"]);
    expect(apiKey.resourceMethods).toEqual(["GET", "PUT", "DELETE"]);
    expect(Object.keys(apiKey.resourceFields)).toEqual(
      expect.arrayContaining(["name", "description", "publicValue", "secretValue", "state", "accountId"]),
    );
    expect(apiKey.collectionFilters.name?.modifiers).toContain("eq");
    expect(Object.keys(apiKey.resourceActions).sort()).toEqual(["activate", "deactivate", "purge", "remove"]);
  });

  it("answers every schema's self link with that schema, and its collection link with a go-rancher Collection", async () => {
    const { types } = await bootstrap("/v1");
    for (const schema of types.values()) {
      const self = await bed.raw("GET", pathOf(schema.links.self!));
      expect([self.status, self.json.id]).toEqual([200, schema.id]);
      const collection = await bed.raw("GET", pathOf(schema.links.collection!));
      expect(collection.status).toBe(200);
      goCollection.parse(collection.json);
    }
    // go-rancher's doCreate fallback: links.self with `schemas.*` replaced by pluralName.
    const fallback = types.get("apiKey")!.links.self!.replace(/schemas.*/, types.get("apiKey")!.pluralName);
    expect((await bed.raw("GET", pathOf(fallback))).status).toBe(200);
  });

  it("bootstraps from an environment's URL, as the rancher CLI is pointed, with keys scoped to it", async () => {
    const project = await bed.raw("GET", "/v2-beta/projects/1a5");
    const schemasLink = (project.json.links as Record<string, string>).schemas!;
    expect((await bed.raw("GET", pathOf(schemasLink))).status).toBe(200);
    const { schemasUrl, types } = await bootstrap("/v2-beta/projects/1a5");
    expect(schemasUrl).toBe(schemasLink);
    expect(types.get("apiKey")!.links.collection).toMatch(/\/v2-beta\/projects\/1a5\/apikeys$/);
    const scoped = await bed.raw("GET", pathOf(types.get("apiKey")!.links.self!));
    expect(scoped.json.id).toBe("apiKey");
  });

  it("lists a filtered collection with its filters as go-rancher's conditions, and keeps the header on errors", async () => {
    const listed = await bed.raw("GET", "/v2-beta/projects/1a5/apikeys?name=nobody");
    const parsed = goCollection.parse(listed.json);
    expect(parsed.filters.name).toEqual([{ modifier: "eq", value: "nobody" }]);
    expect(parsed.filters.state).toBeNull();
    const missing = await bed.raw("GET", "/v2-beta/schemas/nosuchtype");
    expect([missing.status, missing.headers["x-api-schemas"]]).toEqual([
      404,
      expect.stringMatching(/\/v2-beta\/schemas$/),
    ]);
  });
});
