// A stable digest of what a model request says (tools + system + messages), with values that vary between identical
// runs masked: generated uuids and measured durations. A changed prompt, tool description or transcript changes it.
import crypto from "node:crypto";
import type { ModelRequest } from "../../src/agent/model-client.ts";
import { canonicalJson } from "../../src/agent/runtime.ts";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Masks what differs between two runs of the same scenario on the same code: ids minted by the database, timings. */
export function normalizeForDigest(value: unknown): unknown {
  if (typeof value === "string") {
    // Tool results arrive as JSON text: mask inside them too.
    return value
      .replace(UUID, "<uuid>")
      .replace(/"(duration_ms|latency_ms)":\d+/g, '"$1":0')
      .replace(/took \d+ ms/g, "took <n> ms");
  }
  if (Array.isArray(value)) return value.map(normalizeForDigest);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        (k === "duration_ms" || k === "latency_ms") && typeof v === "number" ? 0 : normalizeForDigest(v),
      ]),
    );
  }
  return value;
}

const sha = (value: unknown) =>
  crypto
    .createHash("sha256")
    .update(canonicalJson(normalizeForDigest(value)))
    .digest("hex")
    .slice(0, 16);

export interface RequestDigest {
  tools: string;
  system: string;
  messages: string;
  /** One per message, to say which message differs. */
  perMessage: string[];
}

export function digestRequest(request: Pick<ModelRequest, "tools" | "system" | "messages">): RequestDigest {
  return {
    tools: sha(request.tools ?? []),
    system: sha(request.system ?? ""),
    messages: sha(request.messages),
    perMessage: request.messages.map((m) => sha(m)),
  };
}
