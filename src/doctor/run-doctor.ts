// Runs the doctor's checks in order — offline ones first, then Slack, the database and the model — and reports them.
import { readSettings } from "../config.ts";
import type { Check, DoctorContext, Finding } from "./check.ts";
import { digestChannelCheck, opsChannelCheck } from "./channel-check.ts";
import { databaseCheck } from "./database-check.ts";
import { modelCheck } from "./model-check.ts";
import { runCheck } from "./offline-checks.ts";
import { adminsCheck, mailCheck, mailServerCheck, settingsCheck, slackModeCheck, timeZoneCheck } from "./settings-checks.ts";
import { appTokenCheck, botTokenCheck, scopesCheck } from "./slack-checks.ts";

/** Every check, in the order printed. The token check runs before the checks that need it. New checks go here. */
export const CHECKS: readonly Check[] = [
  settingsCheck,
  timeZoneCheck,
  slackModeCheck,
  adminsCheck,
  botTokenCheck,
  scopesCheck,
  appTokenCheck,
  databaseCheck,
  modelCheck,
  digestChannelCheck,
  opsChannelCheck,
  mailCheck,
  mailServerCheck,
];

export type DoctorOptions = Omit<DoctorContext, "config" | "badSettings"> & {
  /** The environment to read settings from (process.env by default, through config.ts). */
  env?: Record<string, string | undefined>;
  /** Only the checks that make no network call and open nothing. */
  offlineOnly?: boolean;
};

export async function runDoctor(options: DoctorOptions = {}): Promise<Finding[]> {
  const { config, problems } = options.env ? readSettings(options.env) : readSettings();
  const ctx: DoctorContext = { ...options, config, badSettings: new Map(problems.map((p) => [p.setting, p.problem])) };
  const findings: Finding[] = [];
  for (const check of CHECKS) if (!options.offlineOnly || check.offline) findings.push(await runCheck(check, ctx));
  return findings;
}

/** The human report: one line per check, the fix (and cost) indented beneath, then a tally. */
export function formatFindings(findings: Finding[]): string[] {
  const width = Math.max(...findings.map((f) => f.title.length));
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`${f.verdict.padEnd(4)}  ${f.title.padEnd(width)}  ${f.detail}`);
    const indent = " ".repeat(width + 8);
    if (f.fix) lines.push(`${indent}fix: ${f.fix}`);
    if (f.cost) lines.push(`${indent}cost: ${f.cost}`);
  }
  const count = (v: Finding["verdict"]) => findings.filter((f) => f.verdict === v).length;
  lines.push("", `doctor: ${count("pass")} pass · ${count("warn")} warn · ${count("fail")} fail · ${count("skip")} skip`);
  return lines;
}

export const anyFailed = (findings: Finding[]) => findings.some((f) => f.verdict === "fail");
