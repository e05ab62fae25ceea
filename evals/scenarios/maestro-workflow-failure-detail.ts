// C2 · maestro-workflow-failure-detail (seed 001 §6): "What went wrong with the last workflow failure?"
import { replyMatches, toolCalled, toolsInOrder, unchanged } from "../checks.ts";
import { ref } from "../matchers.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const workflowFailureDetail = defineScenario({
  id: "maestro-workflow-failure-detail",
  category: "workflows",
  description: "The operator asks what went wrong; Maestro finds the latest failure, reads its detail and explains the rule and the error.",
  async seed(kit) {
    await kit.people();
    const rule = await kit.rule({
      name: "qualified-contact-status",
      trigger: "IntakeStatusChanged",
      condition: { field: "metadata.to_status", op: "eq", value: "QUALIFIED" },
      actionType: "SET_CONTACT_STATUS",
      actionConfig: { status: "QUALIFIED" },
    });
    await kit.execution(rule, { status: "SUCCESS", age: { days: 1 } });
    kit.ref(
      "failed",
      await kit.execution(rule, {
        status: "FAILED",
        error: "contact not found: intake 7 has no contact",
        subjectType: "intake",
        subjectId: 7,
        age: { hours: 1 },
      }),
    );
  },
  turns: [{ dm: "What went wrong with the last workflow failure?" }],
  model: [
    callTools([{ name: "list_workflow_executions", input: { status: "FAILED", limit: 1 } }]),
    (request) => callTools([{ name: "get_workflow_execution_detail", input: { execution_id: seen(request).executions[0].id } }]),
    (request) => {
      const detail = seen(request);
      return reply(
        `The *${detail.rule.name}* rule failed (execution ${detail.execution.id}): ${detail.execution.error}.\n` +
          `• What it does: ${detail.what_the_rule_does}\n• Likely fix: link the intake to a contact, then run it again.`,
      );
    },
  ],
  checks: [
    toolCalled("get_workflow_execution_detail", { execution_id: ref("failed") }),
    toolsInOrder("list_workflow_executions", "get_workflow_execution_detail"),
    unchanged("workflow_executions", "workflow_rules", "contacts"),
    replyMatches(/contact not found/),
    replyMatches(/qualified-contact-status/),
  ],
});
