// The words for a domain error's next step: the domain says what is missing, the tool layer names the tool that
// finds it. Every surface shows a domain error through domainErrorText, so the model and a Slack user read the same.
import type { DomainError, NextStep } from "../domain/errors.ts";

export const MODEL_HINTS: Record<NextStep, string> = {
  find_intake: "Call get_intake_queue to find the right intake id.",
  find_role_request: "Call list_role_requests to find the right request id.",
  find_slot: "Call list_bookings to find the right slot id.",
  find_rule: "Call list_workflow_rules to see every rule's id and name.",
  find_execution: "Call list_workflow_executions to find execution ids.",
  find_staff_owner: "Owners are staff users; check the id in get_intake_detail or the audit log.",
  retry_with_rule_id: "Call again with rule_id.",
  retry_with_exact_rule_name: "Call again with the exact name or rule_id.",
};

/** The error's message, followed by the hint for its next step (if it names one). */
export const domainErrorText = (error: DomainError): string => (error.next ? `${error.message} ${MODEL_HINTS[error.next]}` : error.message);
