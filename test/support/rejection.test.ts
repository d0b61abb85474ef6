import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { VendorError } from "@/lib/vendors/errors";
import { rejection } from "./rejection";

describe("rejection()", () => {
  it("returns the AppError a promise rejects with", async () => {
    const err = await rejection(Promise.reject(new AppError("conflict", 409, "taken")));
    expect(err.status).toBe(409);
  });

  it("returns the error as the type asked for", async () => {
    const err = await rejection(Promise.reject(new VendorError("vendor_auth", "wrong password")), VendorError);
    expect(err.failure).toBe("vendor_auth");
  });

  it("fails the test when the promise resolves or rejects with another type", async () => {
    await expect(rejection(Promise.resolve("fine"))).rejects.toThrow(/instance of/i);
    await expect(rejection(Promise.reject(new Error("plain")))).rejects.toThrow(/instance of/i);
    await expect(rejection(Promise.reject(new AppError("conflict", 409, "taken")), VendorError)).rejects.toThrow(
      /instance of/i,
    );
  });
});
