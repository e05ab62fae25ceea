// Reads a request's JSON body within MAESTRO_API_MAX_BODY_BYTES: 413 when larger, 415 when not JSON, 400 when malformed.
import type { IncomingMessage } from "node:http";
import { Problem } from "./problem.ts";

const isJson = (contentType: string | undefined) => {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || /^application\/[\w.+-]+\+json$/.test(type);
};

const tooLarge = (maxBytes: number) =>
  new Problem(413, "bodyTooLarge", `The request body is larger than ${maxBytes} bytes (MAESTRO_API_MAX_BODY_BYTES); nothing was written.`, {
    max_bytes: maxBytes,
  });

/** The raw body, refused as soon as it passes `maxBytes` (the rest is not read into memory). */
export async function readRawBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The parsed JSON body: `undefined` when there is none. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<{ raw: Buffer; json: unknown }> {
  const raw = await readRawBody(req, maxBytes);
  if (raw.length === 0) return { raw, json: undefined };
  if (!isJson(req.headers["content-type"])) {
    throw new Problem(415, "unsupportedMediaType", "Send the body as JSON, with Content-Type: application/json.");
  }
  try {
    return { raw, json: JSON.parse(raw.toString("utf8")) };
  } catch (error) {
    throw new Problem(400, "invalidJson", `The body is not valid JSON: ${(error as Error).message}`);
  }
}
