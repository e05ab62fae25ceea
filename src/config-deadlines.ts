// The deadline settings (docs/recovery.md, "Deadlines"): their zod schemas, for config.ts's one environment schema,
// and what config.ts makes of them. Nothing here reads process.env.
import { z } from "zod";

/** A whole number of milliseconds within [min, max]; the message gives an example. */
const milliseconds = (example: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message: `must be a whole number of milliseconds, e.g. ${example}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { message: `must be at least ${min}` })
        .max(max, { message: `must be at most ${max}` }),
    );

export const deadlineSettings = {
  // A model call that receives no bytes for this long (before its headers too) is cut, and retried within its step.
  MAESTRO_MODEL_IDLE_TIMEOUT_MS: milliseconds(30_000, 100, 600_000).default(30_000),
  // One model step, retries included, ends by then: the answer or a clear failure.
  MAESTRO_MODEL_TIMEOUT_MS: milliseconds(120_000, 100, 1_800_000).default(120_000),
  // The person is told "still working" after this long without a word from the model (once per run).
  MAESTRO_PROGRESS_NOTICE_MS: milliseconds(30_000, 100, 600_000).default(30_000),
  // One Slack Web API call (one attempt: the client retries nothing, its callers do; web-client-policy.ts).
  MAESTRO_SLACK_TIMEOUT_MS: milliseconds(10_000, 100, 120_000).default(10_000),
};

type DeadlineEnv = { [K in keyof typeof deadlineSettings]: z.infer<(typeof deadlineSettings)[K]> };

/** Every outside call's deadline. */
export interface Deadlines {
  /** A model call with no bytes for this long (before its headers too) is aborted. */
  modelIdleMs: number;
  /** One model step, its retries included, fails by then. */
  modelStepMs: number;
  /** The person is told "still working" after this long without a word from the model. */
  progressNoticeMs: number;
  /** Each Slack Web API request attempt. */
  slackRequestMs: number;
}

export const readDeadlines = (e: DeadlineEnv): Deadlines => ({
  modelIdleMs: e.MAESTRO_MODEL_IDLE_TIMEOUT_MS,
  modelStepMs: e.MAESTRO_MODEL_TIMEOUT_MS,
  progressNoticeMs: e.MAESTRO_PROGRESS_NOTICE_MS,
  slackRequestMs: e.MAESTRO_SLACK_TIMEOUT_MS,
});

/** A step's whole deadline must cover at least one silent wait (a refinement of config.ts's schema). */
export const stepCoversSilence = (e: DeadlineEnv) => e.MAESTRO_MODEL_TIMEOUT_MS >= e.MAESTRO_MODEL_IDLE_TIMEOUT_MS;
export const stepCoversSilenceIssue = {
  path: ["MAESTRO_MODEL_TIMEOUT_MS"],
  message: "must be at least MAESTRO_MODEL_IDLE_TIMEOUT_MS: a model step's whole deadline covers at least one silent wait",
};
