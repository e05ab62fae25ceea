// The morning digest on the demo studio (Studio Ordo): previewed privately, then posted to the digest channel once,
// with every number taken from the database.
import { custom, modelCalls, slackShows, sql } from "../checks.ts";
import { defineScenario } from "../scenario.ts";

const DIGEST_CHANNEL = "C0DIGEST"; // eval-config.ts

export const digestDemoStudio = defineScenario({
  id: "maestro-digest-demo-studio",
  category: "digest",
  description:
    "On the demo studio, `/maestro digest` shows the operator the morning digest — what matters first: queue depth, oldest " +
    "untriaged, pending approvals, failures, today's bookings — and `/maestro digest post` posts it to the digest channel, once, audited.",
  seed: (kit) => kit.demo(),
  turns: [{ command: "digest" }, { command: "digest post" }],
  model: [],
  checks: [
    custom("the headline's numbers are the database's (new intakes, pending requests, failures in 24 h)", "outcome", async (e) => {
      const { rows } = (await e.db.raw(
        `select (select count(*)::int from intake_requests where status = 'NEW') as new,
                (select count(*)::int from role_requests where status = 'PENDING') as pending,
                (select count(*)::int from workflow_executions where status = 'FAILED' and created_at >= ?::timestamptz - interval '24 hours') as failed`,
        [new Date("2026-11-20T10:00:00.000Z")],
      )) as { rows: { new: number; pending: number; failed: number }[] };
      const n = rows[0]!;
      const headline = `Morning digest: ${n.new} new intakes, ${n.pending} pending role requests, ${n.failed} workflow failures in 24 h.`;
      const shown = e.slack.filter((r) => r.turn === 0 && r.method === "respond").map((r) => String(r.args.text));
      return { pass: shown.includes(headline), detail: `expected “${headline}”, Slack showed ${JSON.stringify(shown)}` };
    }),
    custom("the preview went only to the operator; the post went to the digest channel once", "slack", (e) => {
      const toChannel = e.slack.filter((r) => r.method === "chat.postMessage" && r.args.channel === DIGEST_CHANNEL);
      return {
        pass: toChannel.length === 1 && toChannel[0]!.turn === 1,
        detail: `${toChannel.length} post(s) to ${DIGEST_CHANNEL}, in turn(s) ${toChannel.map((r) => r.turn + 1).join(", ")}`,
      };
    }),
    sql(`select status from digest_runs where channel = '${DIGEST_CHANNEL}' and local_date = '2026-11-20'`, "posted"),
    sql("select count(*)::int from audit_log where action = 'digest.post'", 1),
    slackShows(/What matters first/, { turn: 1 }),
    slackShows(/Posted the digest to C0DIGEST/, { turn: 2 }),
    modelCalls(0),
  ],
});
