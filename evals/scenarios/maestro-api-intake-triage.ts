// An intake arriving through the studio API (the website's form, with an API key), then triaged by the operator in a DM:
// the API's write fires the IntakeCreated rule like any intake, and the agent finds and advances it.
import { noCardPosted, replyMatches, sql, toolsInOrder } from "../checks.ts";
import { callTools, reply, resultOf, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const apiIntakeTriage = defineScenario({
  id: "maestro-api-intake-triage",
  category: "queue",
  description:
    "The website POSTs an intake to the studio API (audited under its key; the IntakeCreated rule notes it); the operator asks " +
    "what is new in a DM and marks it TRIAGED: the advance runs at once (no card).",
  async seed(kit) {
    await kit.people();
    await kit.rule({
      name: "note-website-enquiries",
      trigger: "IntakeCreated",
      condition: { all: [{ field: "metadata.source", op: "eq", value: "website" }] },
      actionType: "ADD_INTAKE_NOTE",
      actionConfig: { note: "Website enquiry from {{metadata.contact_name}}: reply within a day." },
    });
  },
  turns: [
    {
      api: {
        method: "POST",
        path: "/api/v1/intakes",
        idempotencyKey: "form-8841",
        body: {
          name: "Robin Reyes",
          email: "robin@example.com",
          audience: "adult",
          goals: "Evening wheel classes, complete beginner.",
          source: "website",
        },
      },
      key: "website",
    },
    // The form provider retries the same submission: nothing new is written.
    {
      api: {
        method: "POST",
        path: "/api/v1/intakes",
        idempotencyKey: "form-8841",
        body: {
          name: "Robin Reyes",
          email: "robin@example.com",
          audience: "adult",
          goals: "Evening wheel classes, complete beginner.",
          source: "website",
        },
      },
      key: "website",
    },
    { dm: "Anything new in the intake queue?" },
    { dm: "Mark Robin's enquiry as TRIAGED" },
  ],
  model: [
    callTools([{ name: "get_intake_queue", input: {} }]),
    (request) => {
      const first = seen(request).intakes[0];
      return reply(`1 new intake: *${first.contact_name}* (intake ${first.id}), ${first.status}, from the website.`);
    },
    (request) =>
      callTools([
        { name: "update_intake_status", input: { intake_id: resultOf(request, "get_intake_queue").intakes[0].id, new_status: "TRIAGED" } },
      ]),
    (request) => {
      const done = seen(request);
      return reply(`Done — ${done.contact_name} (intake ${done.intake_id}) moved from ${done.from_status} to ${done.to_status}.`);
    },
  ],
  checks: [
    sql("select count(*)::int from intake_requests where email = 'robin@example.com'", 1),
    sql("select status from intake_requests where email = 'robin@example.com'", "TRIAGED"),
    sql("select actor_type from audit_log where action = 'intake.create'", "API_KEY"),
    sql("select details->>'actor_name' from audit_log where action = 'intake.create'", "API key “website”"),
    sql("select count(*)::int from workflow_executions where status = 'SUCCESS'", 1),
    sql(
      "select count(*)::int from intake_status_history h join intake_requests i on i.id = h.intake_id " +
        "where i.email = 'robin@example.com' and h.note like 'Website enquiry from Robin Reyes%'",
      1,
    ),
    sql("select details->>'path' from audit_log where action = 'intake.status_update'", "agent"),
    noCardPosted(),
    toolsInOrder("get_intake_queue", "update_intake_status"),
    replyMatches(/Robin Reyes/, { turn: 3 }),
    replyMatches(/triaged/i, { turn: 4 }),
  ],
});
