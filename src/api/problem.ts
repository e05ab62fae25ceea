// RFC 9457 problem details: every refusal of the studio API is application/problem+json naming what to fix.
import type { ZodError } from "zod";
import { DomainError, type DomainErrorCode } from "../domain/errors.ts";

/** One bad field: where it is (a JSON Pointer into the body, query or path) and what is wrong with it. */
export interface FieldProblem {
  /** "body", "query", "path" or "header". */
  in: string;
  /** The field's dotted name ("email", "contact.name", "items.0"); "" for the whole body. */
  field: string;
  /** RFC 6901 pointer to it, e.g. "/email". */
  pointer: string;
  detail: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** The closed set of problem types; each a URN, so a client can switch on it. */
export const PROBLEM_TYPES = {
  invalidJson: "Malformed JSON",
  invalidFields: "Invalid request fields",
  unsupportedMediaType: "Unsupported media type",
  bodyTooLarge: "Request body too large",
  unauthorized: "Unknown or revoked API key",
  rateLimited: "Too many requests",
  idempotencyMismatch: "Idempotency-Key reused with another request",
  notFound: "Not found",
  methodNotAllowed: "Method not allowed",
  conflict: "Conflict",
  forbidden: "Forbidden",
  internal: "Internal error",
} as const;
export type ProblemType = keyof typeof PROBLEM_TYPES;

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
export const problemTypeUri = (type: ProblemType) => `urn:maestro:problem:${kebab(type)}`;

/** A refusal: thrown anywhere in a request, sent as problem+json by the router. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly type: ProblemType,
    detail: string,
    readonly extra: { errors?: FieldProblem[]; headers?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    super(detail);
    this.name = "Problem";
  }

  body(instance?: string): ProblemBody {
    const { headers: _headers, ...extensions } = this.extra;
    return {
      type: problemTypeUri(this.type),
      title: PROBLEM_TYPES[this.type],
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...extensions,
    };
  }
}

const pointerOf = (path: readonly PropertyKey[]) => path.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");

/** Every issue of a failed parse as a field problem (zod reports each bad field, not just the first). */
export function fieldProblems(error: ZodError, where: string): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    // An unknown key is reported once for all: name each.
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [null];
    return keys.map((key) => {
      const path = key === null ? issue.path : [...issue.path, key];
      return {
        in: where,
        field: path.map(String).join("."),
        pointer: pointerOf(path),
        detail: key === null ? issue.message : "is not a field of this request",
      };
    });
  });
}

export function invalidFields(errors: FieldProblem[]): Problem {
  const names = [...new Set(errors.map((e) => e.field || "(body)"))];
  return new Problem(
    422,
    "invalidFields",
    `${names.length === 1 ? "1 field is" : `${names.length} fields are`} invalid: ${names.join(", ")}.`,
    {
      errors,
    },
  );
}

const DOMAIN_STATUS: Record<DomainErrorCode, [number, ProblemType]> = {
  invalid_input: [422, "invalidFields"],
  not_found: [404, "notFound"],
  conflict: [409, "conflict"],
  forbidden: [403, "forbidden"],
  needs_confirmation: [409, "conflict"],
  stale: [409, "conflict"],
};

/** A domain refusal (its message is safe to show) as a problem; anything else is not ours to explain. */
export function problemFromError(error: unknown): Problem | undefined {
  if (error instanceof Problem) return error;
  if (error instanceof DomainError) {
    const [status, type] = DOMAIN_STATUS[error.code];
    if (type !== "invalidFields") return new Problem(status, type, error.message);
    // A 422 always names its fields, like a schema refusal does: the one the domain names, or the whole body.
    const field = typeof error.details.field === "string" ? error.details.field : "";
    const pointer = field ? pointerOf(field.split(".")) : "";
    return new Problem(status, type, error.message, { errors: [{ in: "body", field, pointer, detail: error.message }] });
  }
  return undefined;
}
