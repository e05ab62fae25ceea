// `maestro doctor`: checks the settings, Slack, the database and the model, one line each with the fix; exit 1 on any fail.
import { anyFailed, formatFindings, runDoctor } from "../../doctor/run-doctor.ts";
import { parseCommandArgs, type Command } from "../command.ts";

export const doctorCommand: Command = {
  usage:
    "maestro doctor [--json] [--offline]\n\n" +
    "  --json     one JSON document: { ok, checks: [{ id, title, verdict, detail, fix?, cost? }] }\n" +
    "  --offline  only the checks that make no network call and open nothing (what `start` logs)\n\n" +
    "Exit code 1 when any check fails; warnings and skips do not fail.",
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { json: { type: "boolean", default: false }, offline: { type: "boolean", default: false } });
    const findings = await runDoctor({ offlineOnly: values.offline });
    if (values.json) io.out(JSON.stringify({ ok: !anyFailed(findings), checks: findings }, null, 2));
    else for (const line of formatFindings(findings)) io.out(line);
    return anyFailed(findings) ? 1 : 0;
  },
};
