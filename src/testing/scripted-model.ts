// A ModelClient that plays authored responses in order and records every request it was sent.
// Shared by the agent's tests and the evals' scripted mode.
import type Anthropic from "@anthropic-ai/sdk";
import type { ModelCallOptions, ModelClient, ModelRequest, ModelResponse } from "../agent/model-client.ts";

/**
 * One authored step: a response, a function of the request, an error to throw, or a call that hangs until its signal
 * aborts (a Stop, a deadline) and then throws the abort's reason, as the SDK does.
 */
export type ScriptStep = ModelResponse | ((request: ModelRequest) => ModelResponse) | { throws: unknown } | { hangsUntilAborted: true };

/** A call that only ends when the caller aborts it (the scripted model records the abort). */
export const hangsUntilAborted = (): ScriptStep => ({ hangsUntilAborted: true });

let idCounter = 0;
const nextId = (prefix: string) => `${prefix}_${(++idCounter).toString(36).padStart(6, "0")}`;

function fakeUsage(request: ModelRequest, content: readonly unknown[]): Anthropic.Usage {
  return {
    input_tokens: Math.ceil(JSON.stringify(request.messages).length / 4),
    output_tokens: Math.max(1, Math.ceil(JSON.stringify(content).length / 4)),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: null,
    inference_geo: null,
    server_tool_use: null,
    service_tier: null,
  } as unknown as Anthropic.Usage;
}

function message(content: Anthropic.ContentBlock[], stopReason: Anthropic.StopReason): ModelResponse {
  return {
    id: nextId("msg"),
    type: "message",
    role: "assistant",
    model: "scripted",
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: undefined as unknown as Anthropic.Usage, // filled in per request
  } as unknown as ModelResponse;
}

const text = (value: string) => ({ type: "text", text: value, citations: null }) as Anthropic.TextBlock;

/** The model answers in text and ends its turn. */
export const reply = (value: string): ModelResponse => message([text(value)], "end_turn");

/** The model calls tools (in parallel when several), optionally saying something first. */
export function callTools(calls: { name: string; input: Record<string, unknown>; id?: string }[], preface?: string): ModelResponse {
  const blocks: Anthropic.ContentBlock[] = preface ? [text(preface)] : [];
  for (const call of calls) {
    blocks.push({
      type: "tool_use",
      id: call.id ?? nextId("toolu"),
      name: call.name,
      input: call.input,
      caller: { type: "direct" },
    } as unknown as Anthropic.ToolUseBlock);
  }
  return message(blocks, "tool_use");
}

/** Any stop reason with the given blocks (max_tokens, refusal, pause_turn, context window). */
export const stopWith = (stopReason: Anthropic.StopReason, blocks: Anthropic.ContentBlock[]): ModelResponse => message(blocks, stopReason);
export { text as textBlock };

export class ScriptedModel implements ModelClient {
  readonly requests: ModelRequest[] = [];
  /** The reasons of the calls that were aborted while hanging, in order: the model saw the abort. */
  readonly aborts: unknown[] = [];
  private readonly steps: ScriptStep[];

  constructor(steps: ScriptStep[] = []) {
    this.steps = [...steps];
  }

  push(...steps: ScriptStep[]): this {
    this.steps.push(...steps);
    return this;
  }

  get remaining(): number {
    return this.steps.length;
  }

  async createMessage(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResponse> {
    this.requests.push(structuredClone(request));
    const step = this.steps.shift();
    if (step === undefined) throw new Error(`ScriptedModel: no scripted response left for request ${this.requests.length}`);
    if (typeof step === "object" && step !== null && "throws" in step) throw step.throws;
    if (typeof step === "object" && step !== null && "hangsUntilAborted" in step) return this.hang(options.signal);
    const response = typeof step === "function" ? step(request) : structuredClone(step);
    for (const block of response.content) if (block.type === "text") options.onTextDelta?.(block.text);
    return { ...response, usage: response.usage ?? fakeUsage(request, response.content) };
  }

  private hang(signal: AbortSignal | undefined): Promise<ModelResponse> {
    if (!signal) throw new Error("ScriptedModel: a hanging step needs the caller's AbortSignal");
    return new Promise((_, reject) => {
      const abort = () => {
        this.aborts.push(signal.reason);
        reject(signal.reason);
      };
      if (signal.aborted) abort();
      else signal.addEventListener("abort", abort, { once: true });
    });
  }

  async countTokens(request: Pick<ModelRequest, "system" | "tools" | "messages">): Promise<number> {
    return Math.ceil(JSON.stringify([request.system, request.tools, request.messages]).length / 4);
  }

  /** The last user message of a recorded request (what the model was just told). */
  lastUserContent(index = this.requests.length - 1): Anthropic.ContentBlockParam[] {
    const messages = this.requests[index]?.messages ?? [];
    const last = messages[messages.length - 1];
    return typeof last?.content === "string"
      ? [{ type: "text", text: last.content }]
      : ((last?.content ?? []) as Anthropic.ContentBlockParam[]);
  }
}
