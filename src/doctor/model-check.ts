// The doctor's model check: the key and the model name accepted, by the cheapest real call — counting a prompt's tokens.
import { createAnthropicModel } from "../agent/anthropic-model.ts";
import type { Check } from "./check.ts";
import { finding } from "./check.ts";

/** Anthropic's token-counting endpoint is free of charge (rate-limited only); a 1-token message would cost a fraction of a cent. */
export const MODEL_CHECK_COST = "none: the token-counting endpoint is free (rate-limited only)";

export const modelCheck: Check = {
  id: "model",
  title: "model",
  offline: false,
  async run(ctx) {
    const { apiKey, baseUrl, model } = ctx.config.anthropic;
    if (!apiKey) {
      return finding(this, "warn", "ANTHROPIC_API_KEY is not set: DMs and mentions get a notice; slash commands and buttons work", {
        fix: "set ANTHROPIC_API_KEY (console.anthropic.com → API keys)",
      });
    }
    const client = createAnthropicModel({
      apiKey,
      baseURL: baseUrl,
      maxRetries: 0,
      timeoutMs: 15_000,
      ...(ctx.modelFetch ? { fetch: ctx.modelFetch } : {}),
    });
    try {
      const tokens = await client.countTokens!({ model, messages: [{ role: "user", content: "ping" }] });
      return finding(this, "pass", `ANTHROPIC_API_KEY accepted, ${model} known (${tokens} input tokens counted)`, {
        cost: MODEL_CHECK_COST,
      });
    } catch (error) {
      const status = (error as { status?: number }).status;
      const message = (error as Error).message ?? String(error);
      if (status === 401) {
        return finding(this, "fail", "ANTHROPIC_API_KEY was refused (401 authentication_error)", {
          fix: "set ANTHROPIC_API_KEY to an active key from console.anthropic.com → API keys",
          cost: MODEL_CHECK_COST,
        });
      }
      if (status === 403) {
        return finding(this, "fail", "ANTHROPIC_API_KEY may not use this API (403 permission_error)", {
          fix: "check the key's workspace and permissions in console.anthropic.com",
          cost: MODEL_CHECK_COST,
        });
      }
      if (status === 404) {
        return finding(this, "fail", `MAESTRO_MODEL=${model} is not a model this key can use (404 not_found_error)`, {
          fix: "set MAESTRO_MODEL to a current model id, e.g. claude-sonnet-5-5 (console.anthropic.com lists them)",
          cost: MODEL_CHECK_COST,
        });
      }
      return finding(
        this,
        "fail",
        `the model API at ${baseUrl ?? "https://api.anthropic.com"} did not answer: ${status ? `HTTP ${status}` : message}`,
        {
          fix: "check the network path to the API, or ANTHROPIC_BASE_URL if you set it",
        },
      );
    }
  },
};
