// Paraphrase set of maestro-intake-queue-summary: three other ways to ask what is in the queue.
import { paraphrases } from "../paraphrase.ts";
import { intakeQueueSummary } from "./maestro-intake-queue-summary.ts";

export const intakeQueueSummaryParaphrases = paraphrases(intakeQueueSummary, [
  "how many prospects are waiting on us?",
  "Anything new come in through the intake form?",
  "queue status pls",
]);
