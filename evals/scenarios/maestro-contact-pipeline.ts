// D3 · maestro-contact-pipeline (seed 001 §6): "Where are we with the contact pipeline?" over contacts at 4 statuses.
import { replyMentions, toolCalled, unchanged } from "../checks.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

const CONTACTS = [
  ["Aiko Tanaka", "NEW"],
  ["Bruno Costa", "NEW"],
  ["Chidi Obi", "NEW"],
  ["Dora Lind", "CONTACTED"],
  ["Emil Sorensen", "CONTACTED"],
  ["Fatima Zahra", "QUALIFIED"],
  ["Gus Moreau", "ACTIVE"],
  ["Hale Brooks", "ACTIVE"],
  ["Iris Vega", "ACTIVE"],
  ["Jon Park", "ACTIVE"],
] as const;

export const contactPipeline = defineScenario({
  id: "maestro-contact-pipeline",
  category: "marketing",
  description: "The operator asks about the contact pipeline; Maestro reports the distribution over the four statuses in use.",
  async seed(kit) {
    await kit.people();
    for (const [i, [name, status]] of CONTACTS.entries())
      await kit.contact({ name, status, age: { days: 3 + i * 4 }, source: i % 2 ? "instagram" : "website" });
  },
  turns: [{ dm: "Where are we with the contact pipeline?" }],
  model: [
    callTools([{ name: "get_contact_summary", input: {} }]),
    (request) => {
      const c = seen(request);
      const by = c.counts_by_status;
      return reply(
        `${c.total} contacts: ${by.NEW} new, ${by.CONTACTED} contacted, ${by.QUALIFIED} qualified, ${by.ACTIVE} active, ${by.CHURNED} churned.`,
      );
    },
  ],
  checks: [
    toolCalled("get_contact_summary"),
    unchanged("contacts"),
    replyMentions(10, "contact"),
    replyMentions(3, "new"),
    replyMentions(4, "active"),
  ],
});
