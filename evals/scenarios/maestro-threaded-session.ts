// A session is a thread: the first DM is answered in its own thread, a follow-up there continues it (the model sees the
// first exchange), and a new top-level DM starts a fresh session that carries nothing over.
import { custom, replyMatches } from "../checks.ts";
import { deliveredMessages } from "../harness/evidence.ts";
import { callTools, reply, resultOf, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

const text = (value: unknown) => JSON.stringify(value);

export const threadedSession = defineScenario({
  id: "maestro-threaded-session",
  category: "surface",
  description: "A DM is answered in its thread; a follow-up in that thread continues the session; a new top-level DM starts fresh.",
  async seed(kit) {
    await kit.people();
    kit.ref("intake", await kit.intake({ name: "Dana Reyes", age: { days: 2 }, goals: "Wheel lessons for a team of six." }));
  },
  turns: [
    { dm: "What's in my intake queue?" },
    { dm: "What does the first one want?" },
    { dm: "Anything failing in the workflows?", newSession: true },
  ],
  model: [
    callTools([{ name: "get_intake_queue", input: {} }]),
    (request) => reply(`1 open intake: ${seen(request).intakes[0].contact_name}.`),
    // "the first one" is only resolvable from the session's earlier turn.
    (request) => callTools([{ name: "get_intake_detail", input: { intake_id: resultOf(request, "get_intake_queue").intakes[0].id } }]),
    (request) => reply(`${seen(request).contact_name} wants wheel lessons for a team of six.`),
    callTools([{ name: "list_workflow_executions", input: { status: "FAILED" } }]),
    (request) => reply(`${seen(request).total} failed executions.`),
  ],
  checks: [
    replyMatches(/wheel lessons/i, { turn: 2 }),
    custom("the follow-up's request carries the session's first exchange", "outcome", (e) => {
      const followUp = e.exchanges.find((x) => x.turn === 1)!;
      const history = text(followUp.request.messages);
      return { pass: history.includes("What's in my intake queue?") && history.includes("1 open intake"), detail: history.slice(0, 300) };
    }),
    custom("the new top-level DM carries nothing over", "outcome", (e) => {
      const fresh = e.exchanges.find((x) => x.turn === 2)!;
      const history = text(fresh.request.messages);
      return { pass: !history.includes("intake queue") && !history.includes("Dana"), detail: history.slice(0, 300) };
    }),
    custom("each answer is in the thread of its session's first DM, and the sessions are two threads", "slack", (e) => {
      const threads = e.slack
        .filter((r) => r.method === "chat.startStream" || (r.method === "chat.postMessage" && r.args.thread_ts))
        .map((r) => ({ turn: r.turn, thread: String(r.args.thread_ts) }));
      const byTurn = [0, 1, 2].map((turn) => new Set(threads.filter((t) => t.turn === turn).map((t) => t.thread)));
      const [first, second, third] = byTurn.map((set) => [...set]);
      const pass =
        first!.length === 1 && second!.length === 1 && third!.length === 1 && first![0] === second![0] && third![0] !== first![0];
      return { pass, detail: `threads by turn: ${text(byTurn.map((s) => [...s]))}; messages ${deliveredMessages(e.slack).size}` };
    }),
  ],
});
