// Paraphrase set of maestro-workflow-execution-summary: three other ways to ask whether automation ran cleanly.
import { paraphrases } from "../paraphrase.ts";
import { workflowExecutionSummary } from "./maestro-workflow-execution-summary.ts";

export const workflowExecutionSummaryParaphrases = paraphrases(workflowExecutionSummary, [
  "Any automation failures since this morning?",
  "did all the workflow rules fire ok today",
  "Were there errors in today's workflow runs?",
]);
