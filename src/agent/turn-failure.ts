// The answer a person gets when their turn failed outside the model loop (the database went away, a bug): true
// words about what happened, never the raw error, and what to do next.
import { storableError } from "../domain/untrusted-text.ts";
import type { TurnOutcome } from "./agent-types.ts";
import type { ConversationKey } from "./stores/conversation-store.ts";

const unreachableCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08003",
  "08006",
]);

/** The database is unreachable or went away mid-turn (pg codes, knex's pool timeout, a closed embedded database). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof e?.code === "string" && unreachableCodes.has(e.code)) return true;
  const message = typeof e?.message === "string" ? e.message : "";
  if (
    /timeout acquiring a connection|Connection terminated|connection is closed|PGlite is closed|Client was closed|terminating connection|not currently accepting connections|the database system is (starting up|shutting down)/i.test(
      message,
    )
  )
    return true;
  return e?.cause !== undefined && e.cause !== error && isDatabaseUnavailable(e.cause);
}

export function turnFailure(conversation: ConversationKey, error: unknown): TurnOutcome {
  const text = isDatabaseUnavailable(error)
    ? "I couldn't finish answering this: my database stopped responding partway through, so I stopped. Please ask again in a minute; if you asked for a change, ask me to check whether it took effect first."
    : "Something went wrong on my side and I stopped before finishing this. Please try again; if you asked for a change, ask me to check whether it took effect first.";
  return { kind: "failed", conversation, text, error: storableError(error instanceof Error ? error.message : String(error)) };
}
