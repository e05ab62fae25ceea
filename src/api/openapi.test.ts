// The OpenAPI document: generated from the routes' zod schemas, served by the app, and committed as docs/openapi.json.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { OPENAPI_FILE, openApiText } from "./openapi-file.ts";
import { API_ROUTES } from "./routes/index.ts";

describe("docs/openapi.json", () => {
  it("is the document the routes generate (run `npm run openapi` after changing a route)", () => {
    expect(fs.readFileSync(OPENAPI_FILE, "utf8"), "docs/openapi.json is out of date: run `npm run openapi`").toBe(openApiText());
  });

  it("has every route, each with its request schema, the problem responses and every $ref resolvable", () => {
    const doc = JSON.parse(openApiText());
    expect(doc.openapi).toBe("3.1.0");
    for (const route of API_ROUTES) {
      const operation = doc.paths[route.path.replace(/:(\w+)/g, "{$1}")][route.method.toLowerCase()];
      expect(operation.operationId).toBe(route.operationId);
      if (route.body) expect(operation.requestBody.content["application/json"].schema).toBeDefined();
      for (const status of ["401", "413", "422", "429"])
        expect(operation.responses[status].content["application/problem+json"]).toBeDefined();
    }
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(doc.components.schemas[ref], ref).toBeDefined();
    expect(doc.components.schemas.IntakeCreate.required).toEqual(["name", "email"]);
  });
});
