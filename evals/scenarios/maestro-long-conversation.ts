// A long DM conversation crosses the history budget: older turns are left out of the request (with a note), the
// transcript stays whole in PostgreSQL, and the latest turn is still answered from a fresh tool call.
import { custom, replyMentions, sql } from "../checks.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario, type Turn } from "../scenario.ts";
import type { ScriptStep } from "../../src/testing/scripted-model.ts";

const QUESTIONS = [
  "What's in my intake queue?",
  "Which of them are NEW?",
  "And the TRIAGED ones?",
  "Show me the QUALIFIED ones.",
  "Anything BOOKED?",
  "Back to the whole queue — how many open now?",
  "Which NEW intake is the oldest?",
  "Thanks. One last look at the NEW ones?",
];
const STATUS = [undefined, "NEW", "TRIAGED", "QUALIFIED", "BOOKED", undefined, "NEW", "NEW"] as const;
const BUDGET = 2_500;

export const longConversation = defineScenario({
  id: "maestro-long-conversation",
  category: "resilience",
  description:
    `Eight questions in one DM with a ${BUDGET}-token history budget: later requests leave the oldest turns out (and say so), ` +
    "never split a tool call from its result, and the last question is still answered.",
  setup: { limits: { historyTokenBudget: BUDGET } },
  async seed(kit) {
    await kit.people();
    const long = "Would like a structured course: centring, pulling walls, trimming, handles, glazing and a final kiln firing. ".repeat(2);
    for (const [i, status] of (["NEW", "NEW", "NEW", "TRIAGED", "TRIAGED", "QUALIFIED", "BOOKED", "NEW"] as const).entries()) {
      await kit.intake({ name: `Student ${String.fromCharCode(65 + i)}`, status, goals: long, age: { days: 10 - i } });
    }
  },
  turns: QUESTIONS.map((dm): Turn => ({ dm })),
  model: STATUS.flatMap((status): ScriptStep[] => [
    callTools([{ name: "get_intake_queue", input: status ? { status } : {} }]),
    (request) =>
      reply(
        `${seen(request).total} intake(s)${status ? ` ${status}` : " open"}: ${seen(request)
          .intakes.map((i: { contact_name: string }) => i.contact_name)
          .join(", ")}.`,
      ),
  ]),
  checks: [
    custom("a later request left older turns out and said so", "outcome", (e) => {
      const last = JSON.stringify(e.exchanges.at(-1)?.request.messages ?? []);
      return { pass: /Earlier messages in this conversation were left out/.test(last), detail: "no request left anything out" };
    }),
    custom("the first question is no longer sent by the end", "outcome", (e) => {
      const last = JSON.stringify(e.exchanges.at(-1)?.request.messages ?? []);
      return { pass: !last.includes(QUESTIONS[0]!), detail: "the first question is still in the last request" };
    }),
    custom("every request's history kept each tool call with its result", "outcome", (e) => {
      const broken = e.exchanges.filter((x) => {
        const uses = new Set<string>();
        const results = new Set<string>();
        for (const m of x.request.messages) {
          if (typeof m.content === "string") continue;
          for (const b of m.content) {
            if (b.type === "tool_use") uses.add(b.id);
            if (b.type === "tool_result") results.add(b.tool_use_id);
          }
        }
        return [...uses].some((id) => !results.has(id)) || [...results].some((id) => !uses.has(id));
      });
      return { pass: !broken.length, detail: `${broken.length} request(s) had an orphan tool_use or tool_result` };
    }),
    sql("select count(*)::int from conversation_messages", QUESTIONS.length * 4, "the whole transcript is kept in PostgreSQL"),
    replyMentions(4, "(?:new|intake)", { turn: 8 }),
  ],
});
