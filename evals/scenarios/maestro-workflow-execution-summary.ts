// C1 · maestro-workflow-execution-summary (seed 001 §6): "Did the workflows run cleanly today?" — 2 SUCCESS, 1 FAILED.
import { replyMatches, replyMentions, toolCalled, unchanged } from "../checks.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const workflowExecutionSummary = defineScenario({
  id: "maestro-workflow-execution-summary",
  category: "workflows",
  description: "The operator asks whether today's workflows ran cleanly; Maestro reads the executions and reports the one failure.",
  async seed(kit) {
    await kit.people();
    const welcome = await kit.rule({
      name: "welcome-email",
      trigger: "RoleApproved",
      actionType: "SEND_EMAIL",
      actionConfig: { to: "{{metadata.email}}", subject: "Welcome to the studio", body: "Hi {{metadata.user_name}}!" },
    });
    const triage = await kit.rule({ name: "triage-ping", trigger: "TriageTicket" });
    await kit.execution(triage, { status: "SUCCESS", age: { hours: 5 } });
    await kit.execution(triage, { status: "SUCCESS", age: { hours: 3 } });
    await kit.execution(welcome, { status: "FAILED", error: "contact not found: role request 4 has no email", age: { hours: 2 } });
  },
  turns: [{ dm: "Did the workflows run cleanly today?" }],
  model: [
    callTools([{ name: "list_workflow_executions", input: { since_hours: 24 } }]),
    (request) => {
      const runs = seen(request);
      const failed = runs.executions.filter((e: { status: string }) => e.status === "FAILED");
      return reply(
        `Not quite: ${runs.total} runs in the last 24 h — ${runs.counts_by_status.SUCCESS} succeeded, ${runs.counts_by_status.FAILED} failed.\n` +
          failed
            .map((e: { rule: { name: string }; error: string; id: number }) => `• ${e.rule.name} (execution ${e.id}): ${e.error}`)
            .join("\n"),
      );
    },
  ],
  checks: [
    toolCalled("list_workflow_executions"),
    unchanged("workflow_executions", "workflow_rules", "feed_events"),
    replyMentions(1, "fail"),
    replyMatches(/welcome-email/),
  ],
});
