// A rule's SEND_EMAIL reaches a real SMTP server: Approve on the approvals list fires RoleApproved, the welcome email arrives once.
import { custom, modelCalls, sql } from "../checks.ts";
import { defineScenario } from "../scenario.ts";

export const ruleEmailDelivered = defineScenario({
  id: "maestro-rule-email-delivered",
  category: "workflows",
  description:
    "A SEND_EMAIL rule listens for RoleApproved. The operator clicks Approve on Ruth's request in `/maestro approvals`: the rule " +
    "queues her welcome email in the approval's transaction, and the email outbox delivers it once to the SMTP server, with " +
    "the templated subject and body; the outbox row and the execution record the delivery.",
  async seed(kit) {
    const { ruth } = await kit.people();
    kit.ref("request", await kit.roleRequest({ userId: ruth.id, role: "STAFF", age: { days: 1 } }));
    await kit.rule({
      name: "welcome-staff",
      trigger: "RoleApproved",
      actionType: "SEND_EMAIL",
      actionConfig: {
        to: "{{metadata.email}}",
        subject: "Welcome to the team, {{metadata.user_name}}",
        body: "Hi {{metadata.user_name}}, you now have the {{metadata.role}} role.",
      },
    });
  },
  turns: [{ command: "approvals" }, { click: "Approve", row: "Ruth Abernathy" }],
  model: [],
  checks: [
    sql("select status from role_requests where id = :request", "APPROVED"),
    sql("select status from workflow_executions", "SUCCESS", "the rule ran once and succeeded"),
    sql("select status || ' ' || attempts from email_outbox", "SENT 1", "the outbox row is SENT after one attempt"),
    custom("the welcome email reached the SMTP server once, to Ruth, with the rule's subject and body", "outcome", async (e) => {
      const ruth = (await e.db("users").where({ id: e.refs.ruth }).first("email")) as { email: string };
      const mail = e.emails[0];
      const pass =
        e.emails.length === 1 &&
        mail?.to.join(",") === ruth.email &&
        mail.subject === "Welcome to the team, Ruth Abernathy" &&
        mail.text === "Hi Ruth Abernathy, you now have the STAFF role.";
      return { pass, detail: JSON.stringify(e.emails.map(({ to, subject, text }) => ({ to, subject, text }))) };
    }),
    modelCalls(0),
  ],
});
