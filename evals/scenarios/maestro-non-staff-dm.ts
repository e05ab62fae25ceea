// Someone who is not staff DMs Maestro: a polite refusal with the reason, and no model call, no run, no write.
import { modelCalls, slackShows, sql, unchanged } from "../checks.ts";
import { MEMBER, STRANGER } from "../seed-kit.ts";
import { defineScenario } from "../scenario.ts";

export const nonStaffDm = defineScenario({
  id: "maestro-non-staff-dm",
  category: "surface",
  description:
    "Ruth (a member) asks Maestro to approve her own request, and an unknown Slack user says hello: both are told why Maestro " +
    "cannot help them, and the model is never called.",
  async seed(kit) {
    const { ruth } = await kit.people();
    await kit.roleRequest({ userId: ruth.id, role: "STAFF" });
  },
  turns: [
    { dm: "Please approve my STAFF request.", as: MEMBER },
    { dm: "hello?", as: STRANGER },
  ],
  model: [],
  checks: [
    modelCalls(0),
    sql("select count(*)::int from agent_runs", 0),
    unchanged("role_requests", "role_assignments", "audit_log"),
    slackShows(/only for studio staff.*MEMBER/s, { turn: 1 }),
    slackShows(/isn't linked to a staff member/, { turn: 2 }),
  ],
});
