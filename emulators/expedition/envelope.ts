/**
 * The bodies the Expedition emulator sends. The success envelope is the documented one verbatim
 * (EXP-INTRO, vendor-protocols-panos-expedition.md §2.2); the error envelope is the INFERRED one of
 * §2.5 (the same shape with `success:false`, a non-zero code, `Type:"error"` and `content:null`).
 */

const emptyMetadata = () => ({
  "execution-info": { "execution-time": 0, "execution-memory": 0, "execution-disk-consumption": 0 },
  "request-info": {
    "request-method": "",
    "request-query": "",
    "request-time": "",
    "request-client-user": "",
    "request-client-ip": "",
    "request-client-agent": "",
  },
});

interface EnvelopeMessage {
  message: string;
  type: "success" | "error";
  code: number;
  description: string;
}

function responseMessages(messages: EnvelopeMessage[], code: number) {
  return {
    total: messages.length,
    code,
    messages: messages.map((m) => ({
      message: m.message,
      details: { type: m.type, causes: { module: "expedition-api", code: m.code, description: m.description } },
    })),
  };
}

export interface SuccessOptions {
  /** `response.total`: the documented login answer says 3; lists give their length. */
  total: number;
  message?: string;
}

export function successEnvelope(content: unknown, opts: SuccessOptions) {
  const messages: EnvelopeMessage[] = opts.message
    ? [{ message: opts.message, type: "success", code: 0, description: "" }]
    : [];
  return {
    Type: "success",
    success: true,
    "Contents-Format": "json",
    Contents: {
      code: 0,
      success: true,
      cacheable: false,
      metadata: emptyMetadata(),
      response: {
        total: opts.total,
        "current-page": 1,
        "per-page": 10,
        "total-pages": 1,
        state: 0,
        "job-id": 0,
        "response-messages": responseMessages(messages, 0),
        data: { fields: null, columns: null, content },
      },
    },
  };
}

/** The documented job answer (EXP-JOBS): `metadata:{}`, no `job-id`, `data["total-objects"]`. */
export function jobEnvelope(job: unknown) {
  return {
    Type: "success",
    success: true,
    "Contents-Format": "json",
    Contents: {
      code: 0,
      success: true,
      cacheable: false,
      metadata: {},
      response: {
        total: 1,
        "current-page": 1,
        "per-page": 10,
        "total-pages": 1,
        state: 0,
        "response-messages": { total: 0, code: 0, messages: [] },
        data: { "total-objects": null, fields: null, columns: null, content: { system: { jobs: job } } },
      },
    },
  };
}

/** INFERRED failure envelope; `code` mirrors the HTTP status the emulator answers with. */
export function errorEnvelope(code: number, message: string, description: string) {
  return {
    Type: "error",
    success: false,
    "Contents-Format": "json",
    Contents: {
      code,
      success: false,
      cacheable: false,
      metadata: emptyMetadata(),
      response: {
        total: 0,
        "current-page": 1,
        "per-page": 10,
        "total-pages": 0,
        state: 0,
        "job-id": 0,
        "response-messages": responseMessages([{ message, type: "error", code, description }], code),
        data: { fields: null, columns: null, content: null },
      },
    },
  };
}
