// A DM that carries a file: Maestro answers its text, says plainly that it cannot open the file, and never hands the
// file (its name, id or link) to the model.
import { custom, replyMatches, slackShows } from "../checks.ts";
import { callTools, reply, seen } from "../model-side.ts";
import { defineScenario } from "../scenario.ts";

export const fileDm = defineScenario({
  id: "maestro-file-dm",
  category: "surface",
  description: "A DM with a spreadsheet attached: its text is answered, and Maestro says it cannot open files.",
  async seed(kit) {
    await kit.people();
    await kit.intake({ name: "Dana Reyes", age: { days: 1 } });
  },
  turns: [
    {
      dm: "Here's the list from the fair. What's in my intake queue?",
      file: { name: "fair-leads.xlsx", mimetype: "application/vnd.ms-excel" },
    },
  ],
  model: [callTools([{ name: "get_intake_queue", input: {} }]), (request) => reply(`${seen(request).total} open intake: Dana Reyes.`)],
  checks: [
    replyMatches(/1 open intake: Dana Reyes/),
    slackShows(/can't open files or images/),
    custom("the model never sees the file", "outcome", (e) => {
      const sent = JSON.stringify(e.exchanges.map((x) => x.request.messages));
      return {
        pass: sent.includes("What's in my intake queue?") && !/fair-leads|files\.slack\.test|F0EVAL/.test(sent),
        detail: sent.slice(0, 300),
      };
    }),
  ],
});
