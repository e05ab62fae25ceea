// An instant model for the ack and click benches: it always answers at once — a short reply, or for a DM that
// says "BENCH-CARD <intake id>" a gated tool call that becomes a confirmation card — and notes when the run a
// Confirm resumed sends its first request. Unlike ScriptedModel it keeps no copy of the requests it is sent
// (thousands of them would be the bench's memory, not Maestro's).
import { performance } from "node:perf_hooks";
import type Anthropic from "@anthropic-ai/sdk";
import type { ModelCallOptions, ModelClient, ModelRequest, ModelResponse } from "../src/agent/model-client.ts";
import { callTools, reply } from "../src/testing/scripted-model.ts";
import { Arrivals } from "./arrivals.ts";

export const CARD_PROMPT = "BENCH-CARD";
const CARD_TOOL_USE = "toolu_benchcard_";
export const cardToolUseId = (intakeId: number) => `${CARD_TOOL_USE}${intakeId}`;

const usage = (request: ModelRequest) =>
  ({
    input_tokens: 200 + request.messages.length * 20,
    output_tokens: 12,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  }) as Anthropic.Usage;

export class InstantModel implements ModelClient {
  calls = 0;
  /** Key: the card's tool_use id; value: when the resumed run's request carrying its result arrived. */
  readonly resumed = new Arrivals();

  async createMessage(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResponse> {
    const at = performance.now();
    this.calls += 1;
    const last = request.messages[request.messages.length - 1];
    const content = typeof last?.content === "string" ? [{ type: "text" as const, text: last.content }] : (last?.content ?? []);
    const result = content.find(
      (b): b is Anthropic.ToolResultBlockParam => b.type === "tool_result" && b.tool_use_id.startsWith(CARD_TOOL_USE),
    );
    let response: ModelResponse;
    if (result) {
      this.resumed.note(result.tool_use_id, at);
      response = reply("Done: the intake is rejected.");
    } else {
      const text = content.map((b) => (b.type === "text" ? b.text : "")).join(" ");
      const card = new RegExp(`${CARD_PROMPT} (\\d+)`).exec(text);
      response = card
        ? callTools([
            {
              name: "update_intake_status",
              id: cardToolUseId(Number(card[1])),
              input: { intake_id: Number(card[1]), new_status: "REJECTED" },
            },
          ])
        : reply("Hello from the bench: nothing to report.");
    }
    for (const block of response.content) if (block.type === "text") options.onTextDelta?.(block.text);
    return { ...response, usage: usage(request) };
  }
}
