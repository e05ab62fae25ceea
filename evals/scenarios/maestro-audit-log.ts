// E2 · maestro-audit-log (seed 001 §6): "Show me the last few audit log entries" over 3 entries.
import { replyMatches, toolCalled, unchanged } from "../checks.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const auditLog = defineScenario({
  id: "maestro-audit-log",
  category: "diagnostics",
  description: "The operator asks for the latest audit entries; Maestro lists who did what, naming the actions.",
  async seed(kit) {
    const { maya, tom } = await kit.people();
    const intake = await kit.intake({ name: "Dana Reyes", age: { days: 2 } });
    await kit.audit({
      actorId: tom.id,
      action: "intake.status_update",
      targetType: "intake",
      targetId: intake,
      details: { from_status: "NEW", to_status: "TRIAGED" },
      age: { hours: 30 },
    });
    await kit.audit({
      actorId: maya.id,
      action: "role_request.approve",
      targetType: "role_request",
      targetId: 3,
      details: { role: "STAFF" },
      age: { hours: 20 },
    });
    await kit.audit({
      actorId: maya.id,
      action: "workflow_rule.toggle",
      targetType: "workflow_rule",
      targetId: 2,
      details: { enabled: false },
      age: { hours: 2 },
    });
  },
  turns: [{ dm: "Show me the last few audit log entries" }],
  model: [
    callTools([{ name: "get_audit_log", input: { limit: 5 } }]),
    (request) => {
      const log = seen(request);
      const lines = log.entries.map(
        (e: { actor: { name: string }; action: string; target: { type: string; id: string } }) =>
          `• ${e.actor.name}: \`${e.action}\` on ${e.target.type} ${e.target.id}`,
      );
      return reply(`The last ${log.returned} of ${log.total} audit entries:\n${lines.join("\n")}`);
    },
  ],
  checks: [
    toolCalled("get_audit_log"),
    unchanged("audit_log"),
    replyMatches(/role_request\.approve/),
    replyMatches(/workflow_rule\.toggle/),
    replyMatches(/Tom Bexley/),
  ],
});
