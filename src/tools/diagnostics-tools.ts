// Site diagnostics: the health check and the audit log (seed 001 §5.6).
import { z } from "zod";
import { getAuditLog, runHealthCheck } from "../domain/diagnostics/diagnostics-service.ts";
import { ACTOR_TYPES, AUDIT_ACTIONS } from "../domain/vocabulary.ts";
import { POLICY } from "./policy.ts";
import { iso, pageLimit, truncate } from "./schema-helpers.ts";
import { defineTool } from "./tool.ts";
import { HOUR_MS } from "../domain/clock.ts";

const KNOWN_ACTIONS: readonly string[] = Object.values(AUDIT_ACTIONS);

export const runHealthCheckTool = defineTool({
  name: "run_health_check",
  group: "diagnostics",
  description:
    "Is the site healthy? pass/warn/fail per check with a one-line detail, `overall` (the worst) and a `summary`. Checks: " +
    "database reachable and how fast; schema at the latest migration; key tables have rows; a live ADMIN; the database " +
    "engine; workflow failures in the last 24 hours; email (the SMTP server accepts Maestro's connection, emails waiting, " +
    "overdue or refused, with the server's reason); Slack bot token and Anthropic key configured (presence only). Say plainly when all pass; else name each warn/fail and its fix.",
  input: z.strictObject({}),
  effect: POLICY.read,
  async run(_args, ctx) {
    const { overall, summary, checks } = await runHealthCheck(ctx);
    return { overall, summary, checked_at: iso(ctx.clock.now()), checks };
  },
});

/**
 * The details column as one bounded line, without what the entry already shows (path, actor name).
 * Long strings are cut first: jsonb orders keys by length, so one long note would otherwise hide every other key.
 */
function detailsText(details: Record<string, unknown> | null): string | null {
  const { path: _path, actor_name: _actorName, ...rest } = details ?? {};
  if (!Object.keys(rest).length) return null;
  const short = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, typeof v === "string" ? truncate(v, 80) : v]));
  return truncate(JSON.stringify(short), 300);
}

export const getAuditLogTool = defineTool({
  name: "get_audit_log",
  group: "diagnostics",
  description:
    "The newest audit log entries ('who approved …?'): who changed what, when and by which path (agent, button, command, cli, " +
    "workflow…). Each: id, time, actor (type USER/AGENT/SYSTEM, id, name), action (e.g. intake.status_update), target (type, " +
    "id), path, details (compact JSON, first 300 characters). Exact filters combine. `total` counts matches up to 1,000; " +
    "`total_is_lower_bound: true` means more (say '1,000+').",
  input: z.strictObject({
    limit: pageLimit(10, 100),
    action: z
      .string()
      .trim()
      .min(1, { message: "action must not be empty" })
      .max(100)
      .optional()
      .describe(`Exact action, e.g. ${KNOWN_ACTIONS[0]}.`),
    actor_type: z.enum(ACTOR_TYPES).optional().describe("USER (directly), AGENT (through Maestro), SYSTEM, or API_KEY (the studio API)."),
    target_type: z
      .string()
      .trim()
      .min(1, { message: "target_type must not be empty" })
      .max(50)
      .optional()
      .describe("Target kind, e.g. intake, role_request, availability, workflow_rule."),
    since_hours: z.number().int().min(1).max(8760).optional().describe("Only the last N hours; omit for all time."),
  }),
  effect: POLICY.read,
  // People's names (members name themselves) and the arguments of each change (notes, reasons).
  untrusted: ["name", "details"],
  async run(args, ctx) {
    const since = args.since_hours === undefined ? undefined : new Date(ctx.clock.now().getTime() - args.since_hours * HOUR_MS);
    const { entries, total, totalIsLowerBound } = await getAuditLog(
      ctx,
      { action: args.action, actorType: args.actor_type, targetType: args.target_type, since },
      args.limit,
    );
    const unknownAction = args.action !== undefined && !KNOWN_ACTIONS.includes(args.action);
    return {
      filter: {
        action: args.action ?? "any",
        actor_type: args.actor_type ?? "any",
        target_type: args.target_type ?? "any",
        since: since ? iso(since) : "all time",
      },
      total,
      total_is_lower_bound: totalIsLowerBound,
      returned: entries.length,
      entries: entries.map((e) => ({
        id: e.id,
        at: iso(e.created_at),
        actor: { type: e.actor_type, id: e.actor_id, name: e.actor_name },
        action: e.action,
        target: { type: e.target_type, id: e.target_id },
        path: typeof e.details?.path === "string" ? e.details.path : null,
        details: detailsText(e.details),
      })),
      ...(total === 0 && unknownAction
        ? { hint: `No entries have the action "${args.action}". Known actions: ${KNOWN_ACTIONS.join(", ")}.` }
        : {}),
    };
  },
});

export const diagnosticsTools = [runHealthCheckTool, getAuditLogTool];
