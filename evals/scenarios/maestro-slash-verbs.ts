// Three /maestro verbs answered without the model: the queue, the approvals list (with buttons), failed workflows.
import { cardPosted, modelCalls, slackShows, unchanged } from "../checks.ts";
import { defineScenario } from "../scenario.ts";

export const slashVerbs = defineScenario({
  id: "maestro-slash-verbs",
  category: "surface",
  description:
    "`/maestro queue`, `/maestro approvals` and `/maestro workflows failed` each run one read tool and answer privately with the " +
    "tool's own numbers; the approvals list carries Approve / Reject buttons; no model call and no write.",
  async seed(kit) {
    const { ruth } = await kit.people();
    await kit.intake({ name: "Dana Reyes", age: { days: 2 } });
    await kit.intake({ name: "Lee Park", status: "QUALIFIED", age: { days: 4 } });
    await kit.roleRequest({ userId: ruth.id, role: "STAFF", reason: "I run the Thursday glaze night now." });
    const rule = await kit.rule({
      name: "welcome-email",
      trigger: "RoleApproved",
      actionType: "SEND_EMAIL",
      actionConfig: { to: "{{metadata.email}}" },
    });
    await kit.execution(rule, { status: "FAILED", error: "no recipient: the event has no email", age: { hours: 3 } });
  },
  turns: [{ command: "queue" }, { command: "approvals" }, { command: "workflows failed" }],
  model: [],
  checks: [
    modelCalls(0),
    unchanged("intake_requests", "role_requests", "role_assignments", "workflow_executions", "audit_log", "feed_events"),
    // Each verb's own header (an error notice has none), then the tool's rows.
    slackShows(/Intake queue · 1 NEW · 0 TRIAGED · 1 QUALIFIED · 0 BOOKED/, { turn: 1 }),
    slackShows(/Role requests · 1 PENDING/, { turn: 2 }),
    slackShows(/Workflow runs · last 7 days · FAILED only/, { turn: 3 }),
    slackShows(/Dana Reyes/, { turn: 1 }),
    slackShows(/Lee Park/, { turn: 1 }),
    slackShows(/Ruth Abernathy/, { turn: 2 }),
    cardPosted({ buttons: ["Approve", "Reject"] }),
    slackShows(/no recipient: the event has no email/, { turn: 3 }),
  ],
});
