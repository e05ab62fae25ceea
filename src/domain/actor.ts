// Who is acting and by which path: every change names a human (a users row) or the system.
import type { ActorType, ChangePath } from "./vocabulary.ts";

export interface Actor {
  /** USER when a human acts directly, AGENT when the model acts for a human, SYSTEM for automation. */
  type: ActorType;
  /** The users row of the accountable human; null only for SYSTEM. */
  userId: number | null;
  name: string;
  path: ChangePath;
  /** The agent run that made the call, when the path is the agent. */
  runId?: string | null;
  slackUserId?: string | null;
  /** The API key that made the call (actor type API_KEY): its public id, named in audit and feed rows. */
  apiKeyId?: string | null;
}

export const systemActor = (path: ChangePath = "system"): Actor => ({ type: "SYSTEM", userId: null, name: "Maestro", path });

/** A server of the studio calling the studio API with the key `id` named `name`. */
export const apiKeyActor = (key: { id: string; name: string }): Actor => ({
  type: "API_KEY",
  userId: null,
  apiKeyId: key.id,
  name: `API key “${key.name}”`,
  path: "api",
});

/** The audit/feed actor_id column: the user id as text, the API key's id, or null for the system. */
export const actorIdText = (actor: Actor): string | null => {
  if (actor.type === "API_KEY") return actor.apiKeyId ?? null;
  return actor.userId === null ? null : String(actor.userId);
};
