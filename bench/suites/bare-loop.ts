// The loop's baseline: the bare minimum a tool loop must do per turn — build the request, call the model, run
// the tools through executeTool, keep the messages in memory — with no persistence at all.
import type Anthropic from "@anthropic-ai/sdk";
import type { AgentUser } from "../../src/agent/agent-types.ts";
import type { ModelClient } from "../../src/agent/model-client.ts";
import { contextBlock } from "../../src/agent/prompt.ts";
import { agentActor, toolContextFor, type Runtime } from "../../src/agent/runtime.ts";
import { buildRequest } from "../../src/agent/model-step.ts";
import { encodeOutcome } from "../../src/agent/tool-results.ts";
import { executeTool } from "../../src/tools/execute.ts";

/** One user turn over an in-memory conversation; returns the number of model calls it made. */
export async function bareTurn(
  rt: Runtime,
  model: ModelClient,
  user: AgentUser,
  conversation: Anthropic.MessageParam[],
  text: string,
): Promise<number> {
  const now = rt.clock.now();
  conversation.push({
    role: "user",
    content: [
      { type: "text", text: contextBlock({ userName: user.name, roles: user.roles, now, timeZone: rt.config.timeZone, surface: "bench" }) },
      { type: "text", text },
    ],
  });
  const toolCtx = toolContextFor(rt, agentActor(user, "bench-bare"));
  for (let calls = 1; ; calls++) {
    const response = await model.createMessage(buildRequest(rt, conversation));
    conversation.push({ role: "assistant", content: response.content as Anthropic.ContentBlockParam[] });
    if (response.stop_reason !== "tool_use") return calls;
    const results: Anthropic.ToolResultBlockParam[] = [];
    for (const block of response.content) {
      if (block.type !== "tool_use") continue;
      const encoded = encodeOutcome(await executeTool(rt.registry, block.name, block.input, toolCtx), rt.limits.maxToolResultChars);
      results.push({ type: "tool_result", tool_use_id: block.id, content: encoded.content, is_error: encoded.is_error });
    }
    conversation.push({ role: "user", content: results });
  }
}
