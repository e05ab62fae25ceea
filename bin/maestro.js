#!/usr/bin/env node
// The `maestro` executable: in a checkout, the TypeScript sources through tsx (development, no build step); where there
// are no sources — the container image — the JavaScript that `npm run build` compiled into dist/.
import fs from "node:fs";
import { URL } from "node:url";

const source = new URL("../src/cli/main.ts", import.meta.url);
if (fs.existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(source.href);
} else {
  await import("../dist/src/cli/main.js");
}
