import { z } from "zod";
import { textProblem } from "./text";

/** A zod string held to the one text rule (./text.ts), for schemas that pages parse themselves. */
export function storableString() {
  return z.string().superRefine((value, ctx) => {
    const problem = textProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}
