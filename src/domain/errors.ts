// Errors the domain raises on purpose: their message is safe to show the model and a Slack user.

export type DomainErrorCode =
  | "invalid_input" // the arguments break a rule the schema could not express
  | "not_found" // the row does not exist: say what to look up first
  | "conflict" // the world is not in the state the call expects (already decided, slot booked…)
  | "forbidden" // this human may not do this
  | "needs_confirmation" // a gated call arrived without a human decision
  | "stale"; // a confirmed call whose target changed after the card was posted

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string, hint: string) => new DomainError("not_found", `${what} not found. ${hint}`);
export const conflict = (message: string, details?: Record<string, unknown>) => new DomainError("conflict", message, details);
export const forbidden = (message: string) => new DomainError("forbidden", message);
export const invalidInput = (message: string, details?: Record<string, unknown>) => new DomainError("invalid_input", message, details);
