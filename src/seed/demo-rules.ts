// The demo studio's workflow rules, plus the events only rules care about: triage tickets, test triggers, a toggle.
import { AUDIT_ACTIONS, EVAL_SOURCE, FEED_EVENT_TYPES, type ActionType } from "../domain/vocabulary.ts";
import { STAFF_DOMAIN } from "./demo-cast.ts";
import { daysAgo, person, recordChange, staffActor, type DemoContext } from "./demo-context.ts";
import type { DemoIntake } from "./demo-pipeline.ts";

export interface RuleSpec {
  name: string;
  description: string;
  trigger: string;
  condition: unknown;
  actionType: ActionType;
  actionConfig: Record<string, unknown>;
  createdDaysAgo: number;
  /** Turned off this many days ago (the rule is disabled now). */
  disabledDaysAgo?: number;
  /** The config it ran with until it was edited this many days ago. */
  before?: { untilDaysAgo: number; actionConfig: Record<string, unknown> };
}

export interface DemoRule extends RuleSpec {
  id: number;
  createdAt: Date;
  disabledAt?: Date;
  editedAt?: Date;
}

const OPS_CHANNEL = "#studio-ops";

export const RULES: RuleSpec[] = [
  {
    name: "welcome-email-on-intake",
    description: "Thank every new enquiry by email, with the timetable link.",
    trigger: FEED_EVENT_TYPES.intakeCreated,
    condition: { all: [{ field: "metadata.email", op: "exists" }] },
    actionType: "SEND_EMAIL",
    actionConfig: { template: "welcome", to: "{{metadata.email}}", subject: "Thanks for getting in touch with Studio Ordo" },
    createdDaysAgo: 120,
  },
  {
    name: "onboarding-notification",
    description: "Tell the studio team in Slack when someone books an intro session, so a wheel and apron are ready.",
    trigger: FEED_EVENT_TYPES.bookingConfirmed,
    condition: { all: [{ field: "metadata.audience", op: "neq", value: "group" }] },
    actionType: "NOTIFY_SLACK",
    actionConfig: {
      channel: OPS_CHANNEL,
      text: "{{metadata.contact_name}} is booked in for {{metadata.start_at}}. Set out a wheel, an apron and the intro sheet.",
    },
    createdDaysAgo: 60,
    // #old-ops was archived two days ago; Tom pointed the rule at #studio-ops this afternoon.
    before: {
      untilDaysAgo: 0.125,
      actionConfig: {
        channel: "#old-ops",
        text: "{{metadata.contact_name}} is booked in for {{metadata.start_at}}. Set out a wheel, an apron and the intro sheet.",
      },
    },
  },
  {
    name: "triage-ticket-note",
    description: "Copy help-desk triage tickets onto the intake they are about.",
    trigger: FEED_EVENT_TYPES.triageTicket,
    condition: null,
    actionType: "ADD_INTAKE_NOTE",
    actionConfig: { note: "Triage ticket {{metadata.ticket_id}}: {{metadata.summary}}" },
    createdDaysAgo: 30,
  },
  {
    name: "role-approved-notify",
    description: "Announce approved roles in the team channel.",
    trigger: FEED_EVENT_TYPES.roleApproved,
    condition: null,
    actionType: "NOTIFY_SLACK",
    actionConfig: { channel: OPS_CHANNEL, text: "{{metadata.user_name}} is now {{metadata.role}}. Say hello!" },
    createdDaysAgo: 45,
  },
  {
    name: "churn-winback",
    description: "Send lapsed members the come-back offer. Off until the copy stops mentioning the summer discount.",
    trigger: FEED_EVENT_TYPES.contactStatusChanged,
    condition: {
      all: [
        { field: "metadata.to_status", op: "eq", value: "CHURNED" },
        { field: "metadata.email", op: "exists" },
      ],
    },
    actionType: "SEND_EMAIL",
    actionConfig: { template: "winback", to: "{{metadata.email}}", subject: "We miss you at the wheel, {{metadata.name}}" },
    createdDaysAgo: 13,
    disabledDaysAgo: 6,
  },
  {
    name: "qualified-contact-status",
    description: "Keep the contact pipeline in step: a qualified enquiry makes its contact QUALIFIED.",
    trigger: FEED_EVENT_TYPES.intakeStatusChanged,
    condition: { all: [{ field: "metadata.to_status", op: "eq", value: "QUALIFIED" }] },
    actionType: "SET_CONTACT_STATUS",
    actionConfig: { status: "QUALIFIED" },
    createdDaysAgo: 6.5,
  },
  {
    name: "kids-classes-to-jonah",
    description: "Jonah runs the kids' and family sessions: give him those enquiries straight away.",
    trigger: FEED_EVENT_TYPES.intakeCreated,
    condition: {
      any: [
        { field: "metadata.audience", op: "in", value: ["kids", "teen"] },
        { field: "metadata.audience", op: "eq", value: "family" },
      ],
    },
    actionType: "ASSIGN_OWNER",
    actionConfig: { user_email: `jonah@${STAFF_DOMAIN}` },
    createdDaysAgo: 7,
  },
  {
    name: "big-group-heads-up",
    description: "Flag group enquiries of eight or more, which need the big table.",
    trigger: FEED_EVENT_TYPES.intakeCreated,
    condition: {
      all: [
        { field: "metadata.audience", op: "eq", value: "group" },
        { field: "metadata.group_size", op: "gte", value: 8 },
      ],
    },
    actionType: "NOTIFY_SLACK",
    actionConfig: {
      channel: OPS_CHANNEL,
      text: "Group enquiry: {{metadata.group_size}} people from {{metadata.contact_name}}. Check the big table is free.",
    },
    createdDaysAgo: 1.2,
  },
];

export async function seedRules(ctx: DemoContext): Promise<DemoRule[]> {
  const rules: DemoRule[] = RULES.map((spec) => ({
    ...spec,
    id: 0,
    createdAt: daysAgo(ctx, spec.createdDaysAgo, 30),
    disabledAt: spec.disabledDaysAgo === undefined ? undefined : daysAgo(ctx, spec.disabledDaysAgo, 30),
    editedAt: spec.before ? daysAgo(ctx, spec.before.untilDaysAgo, 10) : undefined,
  }));
  const rows = (await ctx
    .trx("workflow_rules")
    .insert(
      rules.map((r) => ({
        name: r.name,
        description: r.description,
        trigger_event_type: r.trigger,
        condition: r.condition === null ? null : JSON.stringify(r.condition),
        action_type: r.actionType,
        action_config: JSON.stringify(r.actionConfig),
        enabled: r.disabledAt === undefined,
        created_at: r.createdAt,
        updated_at: r.disabledAt ?? r.editedAt ?? r.createdAt,
      })),
    )
    .returning(["id"])) as { id: number }[];
  rules.forEach((r, i) => (r.id = rows[i]!.id));

  for (const rule of rules.filter((r) => r.disabledAt)) {
    recordChange(ctx, {
      at: rule.disabledAt!,
      actor: staffActor(ctx, "maya", rule.disabledAt!, { agentShare: 1 }),
      action: AUDIT_ACTIONS.workflowRuleToggle,
      target: { type: "workflow_rule", id: rule.id },
      details: { name: rule.name, enabled: false },
      event: { type: FEED_EVENT_TYPES.workflowRuleToggled, metadata: { rule_id: rule.id, name: rule.name, enabled: false } },
    });
  }
  return rules;
}

/** Help-desk tickets about real enquiries, and the test events staff fired from Maestro (metadata.source = EVAL). */
export function planRuleOnlyEvents(ctx: DemoContext, intakes: DemoIntake[]): void {
  const intake = (key: string) => intakes.find((i) => i.key === key) ?? fail(key);
  const tickets: [key: string, days: number, ticket: string, summary: string][] = [
    ["bea", 3.5, "T-1042", "Says she never received the January timetable email."],
    ["priscilla", 1.2, "T-1047", "Asked to move her session 30 minutes later."],
  ];
  for (const [key, days, ticket, summary] of tickets) {
    const about = intake(key);
    ctx.events.push({
      event_type: FEED_EVENT_TYPES.triageTicket,
      actor_type: "SYSTEM",
      actor_id: null,
      subject_type: "intake",
      subject_id: String(about.id),
      metadata: { path: "system", intake_id: about.id, ticket_id: ticket, summary, contact_name: about.contactName },
      created_at: daysAgo(ctx, days, 20),
    });
  }

  const tests: [by: string, days: number, type: string, metadata: Record<string, unknown>, subject: DemoIntake | null][] = [
    ["tom", 5.5, FEED_EVENT_TYPES.triageTicket, { ticket_id: "TEST-1", summary: "Checking the triage rule still fires." }, null],
    [
      "maya",
      1.6,
      FEED_EVENT_TYPES.triageTicket,
      { ticket_id: "TEST-2", summary: "Test ticket from Maestro, please ignore.", intake_id: intake("arjun").id },
      intake("arjun"),
    ],
    [
      "maya",
      0.9,
      FEED_EVENT_TYPES.intakeCreated,
      { contact_name: "Test Prospect", email: "test.prospect@example.com", audience: "kids" },
      null,
    ],
  ];
  for (const [by, days, type, metadata, subject] of tests) {
    const at = daysAgo(ctx, days, 20);
    const who = person(ctx, by);
    const event = {
      event_type: type,
      actor_type: "AGENT" as const,
      actor_id: String(who.id),
      subject_type: subject ? "intake" : null,
      subject_id: subject ? String(subject.id) : null,
      metadata: { path: "agent", source: EVAL_SOURCE, ...metadata },
      created_at: at,
    };
    ctx.events.push(event);
    ctx.audit.push({
      actor_type: "AGENT",
      actor_id: String(who.id),
      action: AUDIT_ACTIONS.workflowTestTrigger,
      target_type: "event_type",
      target_id: type,
      details: { path: "agent", actor_name: who.name, event_type: type, metadata },
      created_at: at,
    });
  }
}

function fail(key: string): never {
  throw new Error(`demo data: unknown intake "${key}"`);
}
