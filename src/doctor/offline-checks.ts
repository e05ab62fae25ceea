// The doctor's offline subset — no network call, nothing opened — which `start` runs and logs before it connects.
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { scrubSecrets } from "../logger.ts";
import type { Check, DoctorContext, Finding } from "./check.ts";
import { finding } from "./check.ts";
import { adminsCheck, mailCheck, settingsCheck, slackModeCheck, timeZoneCheck } from "./settings-checks.ts";

export const OFFLINE_CHECKS: readonly Check[] = [settingsCheck, timeZoneCheck, slackModeCheck, adminsCheck, mailCheck];

export async function runCheck(check: Check, ctx: DoctorContext): Promise<Finding> {
  try {
    return await check.run(ctx);
  } catch (error) {
    // A check that breaks is a finding too, never a crash of the whole report.
    return finding(check, "fail", `the check itself failed: ${scrubSecrets(error instanceof Error ? error.message : String(error))}`);
  }
}

/** The offline subset on an already parsed config. */
export async function runOfflineChecks(config: Config): Promise<Finding[]> {
  const ctx: DoctorContext = { config, badSettings: new Map() };
  return Promise.all(OFFLINE_CHECKS.map((check) => runCheck(check, ctx)));
}

/** Logs the offline subset: one `doctor.check` line each, at warn for a warning or a failure. */
export async function logOfflineChecks(logger: Logger, config: Config): Promise<void> {
  for (const f of await runOfflineChecks(config)) {
    const level = f.verdict === "warn" || f.verdict === "fail" ? "warn" : "info";
    logger[level]({ check: f.id, verdict: f.verdict, detail: f.detail, fix: f.fix }, "doctor.check");
  }
}
