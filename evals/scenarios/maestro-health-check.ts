// E1 · maestro-health-check (seed 001 §6): "Is the site healthy?" on a configured studio — every check passes.
import { custom, replyMatches, toolCalled } from "../checks.ts";
import { toolResultsOf } from "../harness/evidence.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const healthCheck = defineScenario({
  id: "maestro-health-check",
  category: "diagnostics",
  description:
    "With email, the Slack token and the model key configured, an ADMIN, a rule, an intake and no recent failures, every health " +
    "check passes and Maestro says so plainly.",
  async seed(kit) {
    await kit.people();
    await kit.rule({ name: "triage-ping", trigger: "TriageTicket" });
    await kit.intake({ name: "Dana Reyes", age: { days: 1 } });
  },
  turns: [{ dm: "Is the site healthy?" }],
  model: [
    callTools([{ name: "run_health_check", input: {} }]),
    (request) => {
      const h = seen(request);
      return reply(h.overall === "pass" ? `Yes — all ${h.checks.length} checks pass.` : `Not entirely: ${h.summary}`);
    },
  ],
  checks: [
    custom("run_health_check reported overall pass", "outcome", (e) => {
      const results = toolResultsOf(e, "run_health_check") as { overall?: string; summary?: string }[];
      return {
        pass: results.length > 0 && results.every((r) => r.overall === "pass"),
        detail: results.map((r) => r.summary ?? JSON.stringify(r)).join("; ") || "never ran",
      };
    }),
    toolCalled("run_health_check"),
    replyMatches(/(all|every)[^.\n]*pass|healthy/i),
  ],
});
