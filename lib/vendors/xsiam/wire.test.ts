import { describe, expect, it } from "vitest";
import {
  deleteBody,
  generateBody,
  listBody,
  parseDeleteReply,
  parseErrorBody,
  parseGenerateReply,
  parseListReply,
  parseRolesReply,
} from "./wire";

describe("XSIAM request bodies", () => {
  it("wraps generate in request_data with the documented field names", () => {
    const body = JSON.parse(
      generateBody({
        roles: ["Investigator"],
        securityLevel: "advanced",
        expiration: 1789902721000,
        comment: "ci — nightly",
      }),
    );
    expect(body).toEqual({
      request_data: {
        roles: ["Investigator"],
        security_level: "advanced",
        expiration: 1789902721000,
        comment: "ci — nightly",
      },
    });
  });

  it("deletes by an id-in filter with integer ids", () => {
    expect(JSON.parse(deleteBody([933]))).toEqual({
      request_data: { filters: [{ field: "id", operator: "in", value: [933] }] },
    });
  });

  it("pages the key list with search_from/search_to", () => {
    expect(JSON.parse(listBody({ from: 100, to: 200 })).request_data).toMatchObject({
      search_from: 100,
      search_to: 200,
    });
  });
});

describe("XSIAM replies", () => {
  it("reads the documented generate reply, and ids sent as strings", () => {
    expect(parseGenerateReply({ reply: { id: 4267, key: "oZFaXm" } })).toEqual({ id: 4267, key: "oZFaXm" });
    expect(parseGenerateReply({ reply: { id: "4267", key: "oZFaXm" } })).toEqual({ id: 4267, key: "oZFaXm" });
    expect(parseGenerateReply({ reply: { api_key_id: 7, api_key: "k" } })).toEqual({ id: 7, key: "k" });
    expect(parseGenerateReply({ reply: { id: 4267 } })).toBeUndefined();
    expect(parseGenerateReply({ reply: { key: "", id: 1 } })).toBeUndefined();
  });

  it("reads the key list in upper case (observed) and lower case (documented schema)", () => {
    const record = {
      id: 933,
      creation_time: 1721149909250,
      created_by: "admin@acme.com",
      user_name: "admin@acme.com",
      roles: ["Investigator"],
      security_level: "standard",
      comment: "automation key",
      expiration: 1789902721000,
    };
    const upper = parseListReply({ reply: { DATA: [record], FILTER_COUNT: 1, TOTAL_COUNT: 70 } });
    expect(upper).toEqual({ keys: [record], filterCount: 1, totalCount: 70 });
    const lower = parseListReply({
      reply: { data: [{ ...record, expiration: null }], filter_count: "1", total_count: "2" },
    });
    expect(lower?.keys[0]?.expiration).toBeNull();
    expect(lower?.totalCount).toBe(2);
    expect(parseListReply({ reply: { FILTER_COUNT: 1 } })).toBeUndefined();
  });

  it("reads the delete reply, counts as numbers or strings", () => {
    expect(parseDeleteReply({ reply: { update_count: 1 } })).toEqual({ updateCount: 1 });
    expect(parseDeleteReply({ reply: { update_count: "2" } })).toEqual({ updateCount: 2 });
    expect(parseDeleteReply({ reply: {} })).toBeUndefined();
  });

  it("reads get_roles' array of one-element arrays and the platform role list", () => {
    const getRoles = {
      reply: [
        [
          {
            pretty_name: "Role1",
            permissions: ["Reports"],
            insert_time: 1658315576844,
            update_time: null,
            created_by: "user1@acme.com",
            description: "",
            groups: ["group1"],
            users: [],
          },
        ],
        [{ pretty_name: "Role2", description: "second" }],
      ],
    };
    expect(parseRolesReply(getRoles)?.map((r) => r.pretty_name)).toEqual(["Role1", "Role2"]);
    for (const shape of [
      { reply: { data: [{ role_id: "r1", pretty_name: "Viewer" }] } },
      { reply: [{ role_id: "r1", pretty_name: "Viewer" }] },
      { data: [{ role_id: "r1", pretty_name: "Viewer" }] },
      [{ role_id: "r1", pretty_name: "Viewer" }],
    ]) {
      expect(parseRolesReply(shape)).toEqual([{ role_id: "r1", pretty_name: "Viewer" }]);
    }
    expect(parseRolesReply({ reply: { something: 1 } })).toBeUndefined();
  });

  it("reads error bodies wrapped in reply or top-level, err_code as integer or string", () => {
    expect(
      parseErrorBody({ reply: { err_code: 401, err_msg: "Public API request unauthorized", err_extra: null } }),
    ).toEqual({
      code: 401,
      message: "Public API request unauthorized",
      extra: undefined,
    });
    expect(
      parseErrorBody({
        err_code: "500",
        err_msg: "An error occurred while processing XDR public API",
        err_extra: "All hashes have already been added to the allow or block list",
      }),
    ).toEqual({
      code: 500,
      message: "An error occurred while processing XDR public API",
      extra: "All hashes have already been added to the allow or block list",
    });
    expect(
      parseErrorBody({
        reply: { err_code: 400, err_msg: "Bad Request. Got an invalid JSON.", err_extra: { line: 1, column: 19 } },
      })?.extra,
    ).toBe('{"line":1,"column":19}');
    expect(parseErrorBody({ reply: { id: 1, key: "k" } })).toBeUndefined();
  });
});
