// A domain refusal becomes a problem a client can act on: a 422 always lists the fields, other codes keep their status.
import { describe, expect, it } from "vitest";
import { conflict, invalidInput } from "../domain/errors.ts";
import { problemFromError } from "./problem.ts";

describe("problemFromError", () => {
  it("names the domain's field on a 422, as a JSON pointer", () => {
    const body = problemFromError(invalidInput("metadata.path is Maestro's own.", { field: "metadata.path" }))!.body();
    expect(body).toMatchObject({ status: 422, type: "urn:maestro:problem:invalid-fields" });
    expect(body.errors).toEqual([
      { in: "body", field: "metadata.path", pointer: "/metadata/path", detail: "metadata.path is Maestro's own." },
    ]);
  });

  it("names the whole body when the domain names no field, so every 422 has its errors list", () => {
    const body = problemFromError(invalidInput("end_at must be after start_at; nothing was added."))!.body();
    expect(body.errors).toEqual([{ in: "body", field: "", pointer: "", detail: "end_at must be after start_at; nothing was added." }]);
  });

  it("keeps other refusals as they are, and leaves errors that are not the domain's to the router", () => {
    expect(problemFromError(conflict("Slot 3 is already booked."))!.body()).toMatchObject({
      status: 409,
      detail: "Slot 3 is already booked.",
    });
    expect(problemFromError(conflict("x"))!.body().errors).toBeUndefined();
    expect(problemFromError(new Error("boom"))).toBeUndefined();
  });
});
