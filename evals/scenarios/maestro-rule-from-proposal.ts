// A workflow rule created from the model's proposal: the admin asks in plain words, the model proposes
// create_workflow_rule, the card says what the rule will do, nothing exists until the admin's Confirm; then an intake
// from the website that matches fires the new rule like any other.
import { replyMatches, slackShows, sql, toolCalled } from "../checks.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

const RULE = {
  name: "group-intake-heads-up",
  description: "Someone calls a group the same day.",
  trigger_event_type: "IntakeCreated",
  condition: { field: "metadata.audience", op: "eq", value: "group" },
  action_type: "NOTIFY_SLACK",
  action_config: { channel: "#ops", text: "Group intake from {{metadata.contact_name}}: call them today." },
  enabled: true,
};

const intake = (name: string, email: string, audience: string) => ({
  api: { method: "POST" as const, path: "/api/v1/intakes", body: { name, email, audience, goals: "A team evening on the wheel." } },
  key: "website",
});

export const ruleFromProposal = defineScenario({
  id: "maestro-rule-from-proposal",
  category: "workflows",
  description:
    "The admin asks for a rule in plain words; the model proposes create_workflow_rule, held on a card that says what the rule " +
    "will do; after Confirm the rule exists (audited), and a matching intake from the website fires it while another does not.",
  async seed(kit) {
    await kit.people();
  },
  turns: [
    { dm: "Whenever a group books in through the website, tell #ops so someone calls them the same day." },
    { click: "Confirm" },
    intake("Sam Group", "sam.group@example.com", "group"),
    intake("Ada Solo", "ada.solo@example.com", "adult"),
  ],
  model: [
    callTools([{ name: "create_workflow_rule", input: RULE }], "Here is the rule; it waits for your click."),
    (request) => reply(`Done: ${seen(request).message} It will ${String(seen(request).does).replace(/^When/, "fire when")}`),
  ],
  checks: [
    toolCalled("create_workflow_rule", { name: RULE.name, trigger_event_type: "IntakeCreated" }),
    slackShows(/Create a workflow rule on IntakeCreated that runs NOTIFY_SLACK/, { turn: 1 }),
    sql("select count(*)::int from pending_actions where tool_name = 'create_workflow_rule' and status = 'executed'", 1),
    sql(`select enabled from workflow_rules where name = '${RULE.name}'`, true),
    sql("select count(*)::int from audit_log where action = 'workflow_rule.create'", 1),
    replyMatches(/Created rule "group-intake-heads-up"/),
    sql("select count(*)::int from workflow_executions where status = 'SUCCESS'", 1),
    sql("select count(*)::int from slack_outbox where text = 'Group intake from Sam Group: call them today.'", 1),
    sql("select count(*)::int from slack_outbox where text like '%Ada Solo%'", 0),
  ],
});
