// A3 · maestro-intake-detail (seed 001 §6): "Give me full details on intake [id]" — goals and the two history entries.
import { replyMatches, toolCalled, unchanged } from "../checks.ts";
import { ref } from "../matchers.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const intakeDetail = defineScenario({
  id: "maestro-intake-detail",
  category: "queue",
  description: "The operator asks for one intake by id; Maestro reads its detail and reports the goals and both status changes.",
  async seed(kit) {
    await kit.people();
    await kit.intake({ name: "Sam Ito", age: { days: 1 } });
    const id = kit.ref(
      "intake",
      await kit.intake({
        name: "Dana Reyes",
        status: "QUALIFIED",
        age: { days: 5 },
        goals: "Private throwing lessons before a craft fair in March.",
      }),
    );
    await kit.history(id, ["NEW", "TRIAGED", "QUALIFIED"], { days: 4 });
  },
  turns: [{ dm: "Give me full details on intake {intake}." }],
  model: (refs) => [
    callTools([{ name: "get_intake_detail", input: { intake_id: refs.intake } }]),
    (request) => {
      const detail = seen(request);
      const steps = [...detail.history]
        .reverse()
        .map((h: { from_status: string; to_status: string }) => `${h.from_status} → ${h.to_status}`);
      return reply(
        `*${detail.intake.contact_name}* (intake ${detail.intake.id}) is ${detail.intake.status}.\n` +
          `• Goals: ${detail.intake.goals}\n• History (${detail.history_total}): ${steps.join(", ")}\n• Bookings: ${detail.bookings.length || "none"}`,
      );
    },
  ],
  checks: [
    toolCalled("get_intake_detail", { intake_id: ref("intake") }),
    unchanged("intake_requests", "intake_status_history", "audit_log"),
    replyMatches(/craft fair/i),
    replyMatches(/triaged/i),
  ],
});
