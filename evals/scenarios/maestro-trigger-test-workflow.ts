// C3 · maestro-trigger-test-workflow (seed 001 §6): a synthetic TriageTicket event; the rule runs, its Slack post is a dry run.
import { replyMatches, slackNeverShows, sql, toolCalled } from "../checks.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const triggerTestWorkflow = defineScenario({
  id: "maestro-trigger-test-workflow",
  category: "workflows",
  description:
    "The operator asks for a test TriageTicket run: Maestro fires a synthetic EVAL event, the enabled rule runs once with SUCCESS, " +
    "and its Slack notification is recorded as a dry run, never posted.",
  async seed(kit) {
    await kit.people();
    kit.ref(
      "rule",
      (
        await kit.rule({
          name: "triage-ping",
          trigger: "TriageTicket",
          actionConfig: { channel: "#ops", text: "Ticket {{subject_id}} needs triage" },
        })
      ).id,
    );
  },
  turns: [{ dm: "Run a test workflow for a TriageTicket event and tell me what happened." }],
  model: [
    callTools([{ name: "trigger_test_workflow", input: { event_type: "TriageTicket" } }]),
    (request) => {
      const run = seen(request);
      const lines = run.executions.map(
        (e: { rule: { name: string }; status: string; action_result: { delivery?: string } }) =>
          `• ${e.rule.name}: ${e.status} (${e.action_result?.delivery ?? "no action"})`,
      );
      return reply(
        `The test ${run.event_type} event (feed event ${run.feed_event_id}) ran ${run.executions_total} rule:\n${lines.join("\n")}\nNothing was posted — test events are dry runs.`,
      );
    },
  ],
  checks: [
    sql("select count(*)::int from workflow_executions", 1),
    sql("select status from workflow_executions where rule_id = :rule", "SUCCESS"),
    sql("select count(*)::int from feed_events where event_type = 'TriageTicket' and metadata->>'source' = 'EVAL'", 1),
    sql("select count(*)::int from slack_outbox where not dry_run", 0, "no real Slack post was queued"),
    slackNeverShows(/needs triage/),
    toolCalled("trigger_test_workflow", { event_type: "TriageTicket" }),
    replyMatches(/success/i),
  ],
});
