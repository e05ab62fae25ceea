// Paraphrase set of maestro-role-approval-list: three other ways to ask about waiting role requests.
import { paraphrases } from "../paraphrase.ts";
import { roleApprovalList } from "./maestro-role-approval-list.ts";

export const roleApprovalListParaphrases = paraphrases(roleApprovalList, [
  "Is anybody waiting for me to approve their access?",
  "who's asked for a new role?",
  "Do I have approvals to deal with today?",
]);
