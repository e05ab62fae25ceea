// C4 · maestro-toggle-workflow-rule (seed 001 §6): "Disable the onboarding-notification rule" — reversible, runs at once.
import { noCardPosted, replyMatches, sql, toolCalled } from "../checks.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const toggleWorkflowRule = defineScenario({
  id: "maestro-toggle-workflow-rule",
  category: "workflows",
  description: "The operator disables a rule by name; it runs at once (no card), is audited, and the other rule stays enabled.",
  async seed(kit) {
    await kit.people();
    kit.ref("rule", (await kit.rule({ name: "onboarding-notification", trigger: "RoleApproved" })).id);
    kit.ref("other", (await kit.rule({ name: "triage-ping", trigger: "TriageTicket" })).id);
  },
  turns: [{ dm: "Disable the onboarding-notification rule." }],
  model: [
    callTools([{ name: "toggle_workflow_rule", input: { rule_name: "onboarding-notification", enabled: false } }]),
    (request) => reply(seen(request).message),
  ],
  checks: [
    sql("select enabled from workflow_rules where id = :rule", false),
    sql("select enabled from workflow_rules where id = :other", true),
    sql("select count(*)::int from audit_log where action = 'workflow_rule.toggle'", 1),
    noCardPosted(),
    toolCalled("toggle_workflow_rule", { enabled: false }),
    replyMatches(/disabled/),
  ],
});
