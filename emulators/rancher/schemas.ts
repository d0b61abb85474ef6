/**
 * Cattle's `/schemas` for the two types the emulator serves, in the shape the official clients
 * bootstrap from: rancher/gdapi-python's `Client(url=…)` follows the `X-API-Schemas` header and
 * binds `list_<type>`/`create_<type>`… from `collectionMethods`, `resourceMethods` and
 * `links.collection`, and reads `collectionFilters` (a map of `{modifiers}`); rancher/go-rancher
 * v2's `NewRancherClient` unmarshals them into its `Schema` struct (`pluralName`,
 * `resourceFields` of `Field`, `resourceActions` of `{input, output}`, `collectionFilters`) and
 * falls back to `links.self` + `pluralName` when a schema has no collection link.
 */

interface Field {
  type: string;
  nullable?: boolean;
  create?: boolean;
  update?: boolean;
  required?: boolean;
  default?: unknown;
  options?: string[];
  maxLength?: number;
}

const STRING_MODIFIERS = ["eq", "ne", "null", "notnull", "like", "notlike", "prefix"];
const DATE_MODIFIERS = ["eq", "ne", "null", "notnull", "lt", "lte", "gt", "gte"];
const KEY_STATES = [
  "requested",
  "registering",
  "inactive",
  "activating",
  "active",
  "deactivating",
  "updating-active",
  "updating-inactive",
  "removing",
  "removed",
  "purging",
  "purged",
];

/** The fields every Cattle resource has, with their types as `/schemas` prints them. */
const COMMON: Record<string, Field> = {
  id: { type: "string", nullable: false },
  created: { type: "date", nullable: true },
  data: { type: "map[json]", nullable: true },
  description: { type: "string", nullable: true, create: true, update: true, maxLength: 1024 },
  kind: { type: "string", nullable: true },
  name: { type: "string", nullable: true, create: true, update: true, maxLength: 255 },
  removed: { type: "date", nullable: true },
  state: { type: "enum", nullable: false },
  transitioning: { type: "enum", nullable: true, options: ["yes", "no", "error"] },
  transitioningMessage: { type: "string", nullable: true },
  transitioningProgress: { type: "int", nullable: true },
  uuid: { type: "string", nullable: true },
};

interface TypeSpec {
  id: string;
  pluralName: string;
  resourceMethods: string[];
  collectionMethods: string[];
  resourceFields: Record<string, Field>;
  resourceActions: Record<string, { input: string | null; output: string }>;
  filters: string[];
  includeableLinks: string[];
}

const TYPES: TypeSpec[] = [
  {
    id: "apiKey",
    pluralName: "apiKeys",
    resourceMethods: ["GET", "PUT", "DELETE"],
    collectionMethods: ["GET", "POST"],
    resourceFields: {
      ...COMMON,
      state: { type: "enum", nullable: false, options: KEY_STATES },
      accountId: { type: "reference[account]", nullable: true, create: true },
      publicValue: { type: "string", nullable: true, create: true },
      secretValue: { type: "password", nullable: true, create: true },
    },
    resourceActions: Object.fromEntries(
      ["activate", "deactivate", "remove", "purge"].map((a) => [a, { input: null, output: "apiKey" }]),
    ),
    filters: ["accountId", "created", "description", "id", "kind", "name", "publicValue", "removed", "state", "uuid"],
    includeableLinks: ["account"],
  },
  {
    id: "project",
    pluralName: "projects",
    resourceMethods: ["GET", "PUT", "DELETE"],
    collectionMethods: ["GET", "POST"],
    resourceFields: {
      ...COMMON,
      name: { ...COMMON.name!, required: false },
      state: { type: "enum", nullable: false, options: ["active", "inactive", "purged", "removed"] },
    },
    resourceActions: Object.fromEntries(
      ["activate", "deactivate", "update", "remove", "purge"].map((a) => [a, { input: null, output: "project" }]),
    ),
    filters: ["created", "description", "id", "kind", "name", "removed", "state", "uuid"],
    includeableLinks: [],
  },
];

const filterOf = (field: string) => ({
  modifiers: field === "created" || field === "removed" ? DATE_MODIFIERS : STRING_MODIFIERS,
});

/** Where the schemas of a scope live: the API root's, or a project's (`…/projects/1a5/schemas`). */
export interface SchemaScope {
  /** `https://host/v2-beta`, or `https://host/v2-beta/projects/1a5` inside a project. */
  prefix: string;
  /** `https://host/v2-beta`: collections outside any project (`projects`) stay there. */
  base: string;
}

function renderSchema(scope: SchemaScope, t: TypeSpec) {
  const collectionPrefix = t.id === "project" ? scope.base : scope.prefix;
  return {
    id: t.id,
    type: "schema",
    links: {
      self: `${scope.prefix}/schemas/${t.id.toLowerCase()}`,
      collection: `${collectionPrefix}/${t.pluralName.toLowerCase()}`,
    },
    actions: {},
    pluralName: t.pluralName,
    resourceMethods: t.resourceMethods,
    resourceFields: t.resourceFields,
    resourceActions: t.resourceActions,
    collectionMethods: t.collectionMethods,
    collectionFields: {},
    collectionActions: {},
    collectionFilters: Object.fromEntries(t.filters.map((f) => [f, filterOf(f)])),
    includeableLinks: t.includeableLinks,
  };
}

export function renderSchemas(scope: SchemaScope) {
  return {
    type: "collection",
    resourceType: "schema",
    links: { self: `${scope.prefix}/schemas` },
    createTypes: {},
    actions: {},
    data: TYPES.map((t) => renderSchema(scope, t)),
    sortLinks: {},
    pagination: null,
    sort: null,
    filters: {},
    createDefaults: {},
  };
}

/** One schema by id, case-insensitive as Cattle's type names are (`apikey`, `apiKey`). */
export function renderSchemaById(scope: SchemaScope, id: string) {
  const t = TYPES.find((s) => s.id.toLowerCase() === id.toLowerCase());
  return t ? renderSchema(scope, t) : undefined;
}
