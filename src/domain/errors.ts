// Errors the domain raises on purpose: their message is safe to show the model and a Slack user.

export type DomainErrorCode =
  | "invalid_input" // the arguments break a rule the schema could not express
  | "not_found" // the row does not exist: say what to look up first
  | "conflict" // the world is not in the state the call expects (already decided, slot booked…)
  | "forbidden" // this human may not do this
  | "needs_confirmation" // a gated call arrived without a human decision
  | "stale"; // a confirmed call whose target changed after the card was posted

/**
 * What the caller should do next, named but not worded: the tool layer turns it into a hint naming the tool to call
 * (tools/model-hints.ts), so the domain never names a tool.
 */
export type NextStep =
  | "find_intake"
  | "find_role_request"
  | "find_slot"
  | "find_rule"
  | "find_execution"
  | "find_staff_owner"
  | "retry_with_rule_id"
  | "retry_with_exact_rule_name";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly next?: NextStep,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** "Intake 7 not found." with what else is known (close names…) and the step that finds the right one. */
export const notFound = (what: string, next: NextStep, detail?: string) =>
  new DomainError("not_found", detail ? `${what} not found. ${detail}` : `${what} not found.`, {}, next);
export const conflict = (message: string, details?: Record<string, unknown>) => new DomainError("conflict", message, details);
export const forbidden = (message: string) => new DomainError("forbidden", message);
export const invalidInput = (message: string, details?: Record<string, unknown>) => new DomainError("invalid_input", message, details);
