// The tools' canonical JSON is the domain's (rule edits compare definitions with it too).
export { canonicalJson } from "../domain/canonical-json.ts";
