// The bot scopes manifest.yml asks for: what the doctor compares the token's granted scopes with.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

/** manifest.yml at the project root: found by walking up, from src/doctor in a checkout or dist/src/doctor in the image. */
export function findManifest(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "manifest.yml");
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`manifest.yml not found above ${from}`);
  }
}

export function manifestScopes(file = findManifest()): string[] {
  const manifest = parse(fs.readFileSync(file, "utf8")) as { oauth_config?: { scopes?: { bot?: string[] } } };
  return [...(manifest.oauth_config?.scopes?.bot ?? [])];
}
