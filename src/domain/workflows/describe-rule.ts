// A rule in one plain sentence ("When RoleApproved happens and metadata.role eq STAFF, send an email to …"), so the
// model can say what a failing rule was trying to do. Reads a snapshot defensively: old or malformed rules still read.
import { summarizeCondition } from "./condition.ts";

export interface RuleShape {
  trigger_event_type?: unknown;
  condition?: unknown;
  action_type?: unknown;
  action_config?: unknown;
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);
const quote = (v: string, max = 120) => `"${v.length > max ? `${v.slice(0, max - 1)}…` : v}"`;

/** The action half of the sentence, from the action type and its config. */
export function describeAction(actionType: unknown, actionConfig: unknown): string {
  const cfg = (typeof actionConfig === "object" && actionConfig !== null ? actionConfig : {}) as Record<string, unknown>;
  switch (actionType) {
    case "ADD_INTAKE_NOTE":
      return text(cfg.note)
        ? `add the note ${quote(cfg.note as string)} to the event's intake`
        : "add a note to the event's intake (but its config has no note)";
    case "SET_CONTACT_STATUS":
      return text(cfg.status)
        ? `set the status of the event's contact (or its intake's contact) to ${cfg.status as string}`
        : "set the event's contact status (but its config names no status)";
    case "ASSIGN_OWNER": {
      const who = text(cfg.user_email) ?? (typeof cfg.user_id === "number" ? `user ${cfg.user_id}` : undefined);
      return who ? `assign the event's intake to ${who}` : "assign the event's intake (but its config names no user)";
    }
    case "NOTIFY_SLACK":
      return `post ${text(cfg.text) ? quote(cfg.text as string) : "a message"} to Slack channel ${text(cfg.channel) ?? "(none configured)"}`;
    case "SEND_EMAIL": {
      const to = text(cfg.to) ?? "(no recipient configured)";
      const how = text(cfg.template)
        ? ` using template ${cfg.template as string}`
        : text(cfg.subject)
          ? ` with subject ${quote(cfg.subject as string)}`
          : "";
      return `send an email to ${to}${how}`;
    }
    default:
      return `run the unknown action ${String(actionType)}`;
  }
}

export function describeRule(rule: RuleShape): string {
  const trigger = text(rule.trigger_event_type) ?? "(no trigger)";
  const condition = rule.condition === null || rule.condition === undefined ? null : summarizeCondition(rule.condition);
  const when =
    condition === null || condition === "always"
      ? `When ${trigger} happens`
      : condition === "invalid condition"
        ? `When ${trigger} happens (its condition is malformed, so every run fails before acting)`
        : `When ${trigger} happens and ${condition}`;
  return `${when}, ${describeAction(rule.action_type, rule.action_config)}.`;
}
