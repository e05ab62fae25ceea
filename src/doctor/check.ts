// What a doctor check is and what it reports: one line per check, with the exact fix when it is not a pass.
import type { Config } from "../config.ts";
import type { Database } from "../db/connect.ts";

export type Verdict = "pass" | "warn" | "fail" | "skip";

export interface Finding {
  /** Stable id for --json and logs ("slack.token"). */
  id: string;
  title: string;
  verdict: Verdict;
  /** What was found; never a secret. */
  detail: string;
  /** What to do about it, naming the setting (absent on a pass). */
  fix?: string;
  /** What the check's network call costs, when it makes one that could. */
  cost?: string;
}

/** What the online checks share: the settings, what earlier checks learned, and the wire boundaries (tests replace them). */
export interface DoctorContext {
  config: Config;
  /** Settings that failed to parse, by name: their checks report them instead of the default they fell back to. */
  badSettings: Map<string, string>;
  /** Used for every Slack Web API call (the WebClient's fetch). */
  slackFetch?: typeof fetch;
  /** Used for the model call. */
  modelFetch?: typeof fetch;
  /** An already open database (tests); otherwise DATABASE_URL or the embedded directory is opened. */
  database?: Database;
  /** Set by the bot token check for the scope check (the granted scopes come back on auth.test). */
  grantedScopes?: string[];
  /** Set by the bot token check: later Slack checks are skipped without a working token. */
  slackTokenWorks?: boolean;
}

export interface Check {
  id: string;
  title: string;
  /** True when it makes no network call and opens nothing: `start` runs these and logs them. */
  offline: boolean;
  run(ctx: DoctorContext): Promise<Finding> | Finding;
}

/** Builds a finding for `check`. */
export const finding = (check: Pick<Check, "id" | "title">, verdict: Verdict, detail: string, more: Partial<Finding> = {}): Finding => ({
  id: check.id,
  title: check.title,
  verdict,
  detail,
  ...more,
});
