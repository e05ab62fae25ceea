// Fills {{path}} placeholders in workflow action text from the triggering event.
import { readPath } from "./condition.ts";

export function fillTemplate(template: string, event: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_match, path: string) => {
    const value = readPath(event, path);
    return value === undefined || value === null ? "" : String(value);
  });
}
