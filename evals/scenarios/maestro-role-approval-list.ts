// B1 · maestro-role-approval-list (seed 001 §6): "Any pending role requests?" with two waiting.
import { replyMatches, replyMentions, toolCalled, unchanged } from "../checks.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const roleApprovalList = defineScenario({
  id: "maestro-role-approval-list",
  category: "roles",
  description: "The operator asks for pending role requests; Maestro lists the two waiting and decides nothing.",
  async seed(kit) {
    const { ruth } = await kit.people();
    const kezia = await kit.user("Kezia Thompson", []);
    await kit.roleRequest({ userId: ruth.id, role: "STAFF", reason: "I run the Thursday glaze night now.", age: { days: 2 } });
    await kit.roleRequest({ userId: kezia.id, role: "MEMBER", reason: "Signed up for open studio.", age: { hours: 6 } });
  },
  turns: [{ dm: "Any pending role requests?" }],
  model: [
    callTools([{ name: "list_role_requests", input: {} }]),
    (request) => {
      const list = seen(request);
      const lines = list.requests.map(
        (r: { user: { name: string }; requested_role: string; id: number }) =>
          `• ${r.user.name} asks for ${r.requested_role} (request ${r.id})`,
      );
      return reply(`${list.total} pending role requests:\n${lines.join("\n")}\nSay which to approve or reject.`);
    },
  ],
  checks: [
    toolCalled("list_role_requests"),
    unchanged("role_requests", "role_assignments", "audit_log", "feed_events"),
    replyMentions(2, "(?:pending|request)"),
    replyMatches(/Ruth Abernathy[\s\S]*STAFF|STAFF[\s\S]*Ruth Abernathy/),
  ],
});
