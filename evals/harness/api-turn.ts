// A request from the studio's own systems (its website, a form provider) to the studio API, over real HTTP on loopback
// into the app's own API handler. The key is created the first time a key name is used, kept in memory only.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { systemActor } from "../../src/domain/actor.ts";
import { createApiKey } from "../../src/domain/api-keys/api-key-service.ts";
import type { SlackHarness } from "../../src/testing/slack-harness.ts";

export interface ApiTurn {
  api: { method: "POST" | "PUT"; path: string; body: unknown; idempotencyKey?: string };
  /** The API key's name (created by an admin before the request, as `maestro api-key create <name>` does). */
  key: string;
}

const secrets = new WeakMap<SlackHarness, Map<string, string>>();

async function keyFor(harness: SlackHarness, name: string): Promise<string> {
  const keys = secrets.get(harness) ?? new Map<string, string>();
  secrets.set(harness, keys);
  const known = keys.get(name);
  if (known) return known;
  const { secret } = await createApiKey({ db: harness.db.knex, clock: harness.clock }, systemActor("cli"), { name });
  keys.set(name, secret);
  return secret;
}

export const describeApiTurn = (turn: ApiTurn) => `${turn.api.method} ${turn.api.path} with the API key “${turn.key}”`;

/** Sends the request; a refusal (4xx/5xx) fails the run, naming the problem. */
export async function driveApiTurn(harness: SlackHarness, turn: ApiTurn): Promise<{ status: number; body: unknown }> {
  const secret = await keyFor(harness, turn.key);
  const server = http.createServer(harness.api.handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}${turn.api.path}`, {
      method: turn.api.method,
      headers: {
        authorization: `Bearer ${secret}`,
        "content-type": "application/json",
        ...(turn.api.idempotencyKey ? { "idempotency-key": turn.api.idempotencyKey } : {}),
      },
      body: JSON.stringify(turn.api.body),
    });
    const body: unknown = await response.json();
    if (response.status >= 400) throw new Error(`${describeApiTurn(turn)} was refused: ${response.status} ${JSON.stringify(body)}`);
    return { status: response.status, body };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
