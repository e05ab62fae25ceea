// `maestro openapi`: prints the studio API's OpenAPI document, or rewrites docs/openapi.json (--write) after a route changed.
import fs from "node:fs";
import { OPENAPI_FILE, openApiText } from "../../api/openapi-file.ts";
import { parseCommandArgs, type Command } from "../command.ts";

export const openApiCommand: Command = {
  usage: "maestro openapi [--write]",
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { write: { type: "boolean", default: false } });
    if (!values.write) {
      io.out(openApiText().trimEnd());
      return 0;
    }
    fs.writeFileSync(OPENAPI_FILE, openApiText());
    io.out(`wrote ${OPENAPI_FILE}`);
    return 0;
  },
};
