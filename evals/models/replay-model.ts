// Serves a recording's responses in order, and fails loudly — to the agent and to the report — as soon as a request
// no longer matches what was recorded (a changed prompt, tool description, tool result or an extra call).
import Anthropic from "@anthropic-ai/sdk";
import type { ModelClient, ModelRequest, ModelResponse } from "../../src/agent/model-client.ts";
import type { Recording } from "./recording-file.ts";
import { digestRequest } from "./request-digest.ts";

export class ReplayMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReplayMismatchError";
  }
}

/** Says which part of the request changed and, for the transcript, the first message that differs. */
export function explainMismatch(recorded: Recording["exchanges"][number], request: ModelRequest): string | undefined {
  const now = digestRequest(request);
  const parts: string[] = [];
  if (now.tools !== recorded.digest.tools) parts.push("the tool definitions changed (a name, description or schema)");
  if (now.system !== recorded.digest.system) parts.push("the system prompt changed");
  if (now.messages !== recorded.digest.messages) {
    const first = now.perMessage.findIndex((d, i) => d !== recorded.digest.perMessage[i]);
    const at = first < 0 ? Math.min(now.perMessage.length, recorded.digest.perMessage.length) : first;
    const role = request.messages[at]?.role ?? recorded.messages[at]?.role ?? "?";
    parts.push(
      now.perMessage.length !== recorded.digest.perMessage.length && first < 0
        ? `the transcript has ${now.perMessage.length} messages where ${recorded.digest.perMessage.length} were recorded`
        : `message ${at + 1} (${role}) differs from the recording`,
    );
  }
  return parts.length ? parts.join("; ") : undefined;
}

export class ReplayModel implements ModelClient {
  private cursor = 0;
  readonly mismatches: string[] = [];

  /** `engine`: where this replay runs; a recording from the other engine differs where a tool names it (the health check). */
  constructor(
    private readonly recording: Recording,
    private readonly engine?: string,
  ) {}

  /** Recorded exchanges the run never asked for. */
  get unused(): number {
    return this.recording.exchanges.length - this.cursor;
  }

  async createMessage(request: ModelRequest): Promise<ModelResponse> {
    const index = this.cursor++;
    const recorded = this.recording.exchanges[index];
    const fail = (why: string): never => {
      const elsewhere =
        this.engine && this.recording.engine !== this.engine
          ? ` (recorded on ${this.recording.engine}, replayed on ${this.engine}: replay on the engine it was recorded on)`
          : "";
      const message = `Replay of ${this.recording.scenario}: model call ${index + 1} does not match the recording — ${why}${elsewhere}. Record it again with --record.`;
      this.mismatches.push(message);
      throw new ReplayMismatchError(message);
    };
    if (!recorded) return fail(`the recording has only ${this.recording.exchanges.length} call(s)`);
    const why = explainMismatch(recorded, request);
    if (why) return fail(why);
    if (recorded.error) {
      throw Anthropic.APIError.generate(
        recorded.error.status ?? 500,
        { type: "error", error: { message: recorded.error.message } },
        recorded.error.message,
        new Headers(),
      );
    }
    return structuredClone(recorded.response!);
  }
}
