// A workflow failure's ops alert acted on from the channel: Ask Maestro opens a thread under the alert where the agent,
// asked about the run by its ids only, reads the run and explains it.
import { custom, replyMatches, toolCalled, unchanged } from "../checks.ts";
import { ref } from "../matchers.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { deliveredMessages } from "../harness/evidence.ts";
import { defineScenario } from "../scenario.ts";

export const alertFailureExplained = defineScenario({
  id: "maestro-alert-failure-explained",
  category: "workflows",
  description:
    "A SEND_EMAIL rule failed an hour ago (its recipient template resolved to nothing). The ops-alerts job posts the failure " +
    "with what the rule was trying to do; the operator clicks Ask Maestro: a thread opens under the alert, Maestro reads " +
    "the run's detail and explains the error and the fix there. Nothing is changed.",
  async seed(kit) {
    await kit.people();
    const rule = await kit.rule({
      name: "welcome-email",
      trigger: "RoleApproved",
      actionType: "SEND_EMAIL",
      actionConfig: { to: "{{metadata.email}}", subject: "Welcome" },
    });
    kit.ref(
      "failed",
      await kit.execution(rule, {
        status: "FAILED",
        error: 'no recipient: "{{metadata.email}}" resolved to "", not an email address',
        age: { hours: 1 },
      }),
    );
  },
  turns: [{ runAlerts: true }, { click: "Ask Maestro" }],
  model: (refs) => [
    callTools([{ name: "get_workflow_execution_detail", input: { execution_id: refs.failed } }]),
    (request) => {
      const detail = seen(request);
      return reply(
        `The *${detail.rule.name}* rule failed: ${detail.execution.error}. The RoleApproved event carried no \`email\` in its ` +
          "metadata, so the recipient was empty. Point `to` at the approved user's address, or add the email to the event.",
      );
    },
  ],
  checks: [
    toolCalled("get_workflow_execution_detail", { execution_id: ref("failed") }),
    replyMatches(/recipient|email/i),
    replyMatches(/welcome-email/),
    unchanged("workflow_rules", "workflow_executions", "role_requests"),
    custom("the explanation went into the alert's thread", "slack", (e) => {
      const alertTs = e.slack.find((r) => r.method === "chat.postMessage" && r.args.channel === "C0OPS" && !r.args.thread_ts)?.response?.ts;
      // A message in the thread: posted with its thread_ts, or a stream started under it (its text comes in later chunks).
      const keys = e.slack
        .filter((r) => r.args.channel === "C0OPS" && r.args.thread_ts === alertTs && r.method !== "assistant.threads.setStatus")
        .map((r) => `C0OPS:${String(r.response?.ts)}`);
      const delivered = deliveredMessages(e.slack);
      const texts = keys.map((key) => delivered.get(key) ?? "");
      const pass = Boolean(alertTs) && texts.some((text) => text.includes("welcome-email"));
      return { pass, detail: `${texts.length} messages in the alert's thread: ${JSON.stringify(texts).slice(0, 300)}` };
    }),
  ],
});
