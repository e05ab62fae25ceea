// The committed OpenAPI document (docs/openapi.json): its path and text, so `maestro openapi --write` and the test that
// keeps it current agree byte for byte.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openApiDocument } from "./openapi.ts";
import { API_ROUTES } from "./routes/index.ts";

export const OPENAPI_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs/openapi.json");

export const openApiText = () => `${JSON.stringify(openApiDocument(API_ROUTES), null, 2)}\n`;
