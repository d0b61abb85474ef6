import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { sendJson } from "../kit";
import { availableActions, type StoredKey, type StoredProject } from "./store";

/**
 * Cattle's JSON envelopes as the emulator writes them: resources (`id`, `type`, `links`,
 * `actions`…), collections (`type: "collection"`, `data`, `pagination`…) and errors
 * (`type: "error"`, `status`, `code`, `message`). Links are absolute and lower-cased, as
 * `DefaultUrlBuilder` builds them.
 */

/** `code`/`message` of bare status errors, from Cattle's `api/messages.properties`. */
const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method not allowed",
  409: "Conflict",
  422: "Unprocessable Entity",
  500: "Internal Server Error",
};

function errorBody(status: number, code?: string, fieldName?: string, message?: string | null) {
  const text = STATUS_TEXT[status] ?? "Error";
  return {
    id: randomUUID(),
    type: "error",
    baseType: "error",
    links: {},
    actions: {},
    status,
    code: code ?? text,
    message: message === undefined ? text : message,
    detail: null,
    ...(fieldName ? { fieldName } : {}),
  };
}

export function sendError(res: ServerResponse, status: number, code?: string, fieldName?: string): void {
  // Validation errors (422) carry a null message in Cattle; the code says what failed.
  sendJson(res, status, errorBody(status, code, fieldName, fieldName ? null : undefined));
}

export function sendUnauthorized(res: ServerResponse, challenge: boolean): void {
  if (challenge)
    res.setHeader("www-authenticate", 'Basic realm="Enter API access key and secret key as username and password"');
  sendJson(res, 401, errorBody(401));
}

/** `https://host/v2-beta`, the prefix every link starts with. */
export type LinkBase = string;

export function keyCollectionUrl(base: LinkBase, accountId: string, inProject: boolean): string {
  return inProject ? `${base}/projects/${accountId}/apikeys` : `${base}/apikeys`;
}

export function renderKey(base: LinkBase, key: StoredKey, inProject: boolean, secretValue: string | null = null) {
  const self = `${keyCollectionUrl(base, key.accountId, inProject)}/${key.id}`.toLowerCase();
  const transitioning = key.pending ? "yes" : "no";
  return {
    id: key.id,
    type: "apiKey",
    links: { self, account: `${self}/account`, certificate: `${self}/certificate` },
    actions: Object.fromEntries(availableActions(key.state).map((a) => [a, `${self}/?action=${a}`])),
    name: key.name,
    description: key.description,
    state: key.state,
    accountId: key.accountId,
    created: key.created.toISOString().replace(/\.\d{3}Z$/, "Z"),
    createdTS: key.created.getTime(),
    kind: "apiKey",
    publicValue: key.publicValue,
    // Read-on-create: only the create response carries the secret.
    secretValue,
    removed: key.removed ? key.removed.toISOString().replace(/\.\d{3}Z$/, "Z") : null,
    transitioning,
    transitioningMessage: key.pending ? "In Progress" : null,
    transitioningProgress: null,
    uuid: key.uuid,
    data: {},
  };
}

export function renderProject(base: LinkBase, project: StoredProject) {
  const self = `${base}/projects/${project.id}`.toLowerCase();
  return {
    id: project.id,
    type: "project",
    links: { self, apiKeys: `${self}/apikeys`, schemas: `${self}/schemas` },
    actions: { update: `${self}/?action=update`, deactivate: `${self}/?action=deactivate` },
    name: project.name,
    description: project.description,
    state: "active",
    kind: "project",
    created: project.created.toISOString().replace(/\.\d{3}Z$/, "Z"),
    createdTS: project.created.getTime(),
    uuid: project.uuid,
    removed: null,
    transitioning: "no",
    transitioningMessage: null,
    transitioningProgress: null,
    data: {},
  };
}

export interface CollectionInput<T> {
  self: string;
  resourceType: string;
  items: T[];
  limit: number;
  /** Items after the one with this ordinal (`marker=m<n>`). */
  marker?: number;
  filters: Record<string, string | null>;
  createTypes?: Record<string, string>;
}

/** A page of a collection, with `pagination.next` carrying the marker of the following page. */
export function renderCollection<T>(input: CollectionInput<T>) {
  const start = input.marker ?? 0;
  const page = input.items.slice(start, start + input.limit);
  const more = start + input.limit < input.items.length;
  const withQuery = (extra: string) => `${input.self}?${extra}`;
  return {
    type: "collection",
    resourceType: input.resourceType,
    links: { self: input.self },
    createTypes: input.createTypes ?? {},
    actions: {},
    data: page,
    sortLinks: { name: withQuery("sort=name"), state: withQuery("sort=state") },
    pagination: {
      first: start > 0 ? withQuery(`limit=${input.limit}`) : null,
      previous: start > 0 ? withQuery(`limit=${input.limit}&marker=m${Math.max(0, start - input.limit)}`) : null,
      next: more ? withQuery(`limit=${input.limit}&marker=m${start + input.limit}`) : null,
      limit: input.limit,
      total: null,
      partial: more,
    },
    sort: null,
    // Cattle lists each filter as its conditions (go-rancher reads `map[string][]Condition`).
    filters: Object.fromEntries(
      Object.entries(input.filters).map(([k, v]) => [k, v === null ? null : [{ modifier: "eq", value: v }]]),
    ),
    createDefaults: {},
  };
}

export function renderApiRoot(base: LinkBase, version: string) {
  return {
    id: version,
    type: "apiVersion",
    links: { self: base, schemas: `${base}/schemas`, projects: `${base}/projects`, apiKeys: `${base}/apikeys` },
    actions: {},
  };
}
