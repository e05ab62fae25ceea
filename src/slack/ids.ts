// Every Slack identifier Maestro owns (action ids, block ids, view callbacks, the command), the button-value codec and the
// response_url check. (Where a click came from, and the reject modal's private_metadata: decisions/origin.ts.)
import { z } from "zod";

/** The slash command, as registered in manifest.yml. */
export const COMMAND = "/maestro";

/**
 * Base action ids. A button's real action_id is `<base>:<key>` (see actionId) so every action_id in a
 * message is unique; listeners match the base with actionPattern().
 */
export const ACTIONS = {
  confirm: "maestro.pending.confirm",
  cancel: "maestro.pending.cancel",
  /** A card's overflow menu: "Cancel with a reason…" and "Show details" (option values CARD_MENU). */
  cardMenu: "maestro.pending.menu",
  /** The optional reason field of the cancel modal. */
  cancelReasonInput: "maestro.pending.cancel_reason.text",
  /** 👍/👎 under an answer (`maestro.feedback:<run id>`); the reason field of the 👎 modal. */
  feedback: "maestro.feedback",
  feedbackReasonInput: "maestro.feedback.reason.text",
  roleApprove: "maestro.role.approve",
  roleReject: "maestro.role.reject",
  ruleEnable: "maestro.rule.enable",
  ruleDisable: "maestro.rule.disable",
  /** Edit… on a rule in a list, and New rule (from the list or the Home tab's first-run checklist): open the rule form. */
  ruleEdit: "maestro.rule.edit",
  ruleNew: "maestro.rule.new",
  /** The text input inside the reject-reason modal (read from view.state.values). */
  rejectReasonInput: "maestro.role.reject_reason.text",
  /** Ops-channel alert buttons (src/slack/blocks/alerts.ts); a role alert uses roleApprove / roleReject. */
  alertIntakeTriage: "maestro.alert.intake.triage",
  alertIntakeQualify: "maestro.alert.intake.qualify",
  alertIntakeAssign: "maestro.alert.intake.assign",
  alertIntakeReject: "maestro.alert.intake.reject",
  alertFailureAsk: "maestro.alert.failure.ask",
  alertFailureTest: "maestro.alert.failure.test",
  alertFailureDisable: "maestro.alert.failure.disable",
  /** Stop on a running turn's progress note (src/slack/blocks/stop.ts): its value names the conversation. */
  stopTurn: "maestro.turn.stop",
  /** "Request access", offered to someone who is not staff; and the modal's role and reason fields. */
  accessRequest: "maestro.access.request",
  accessRoleInput: "maestro.access.role",
  accessReasonInput: "maestro.access.reason",
  /** The Home tab's first-run steps (an empty studio): add a teammate, create the website's API key, the digest channel. */
  setupTeam: "maestro.setup.team",
  setupApiKey: "maestro.setup.api_key",
  setupDigest: "maestro.setup.digest",
  /** The add-a-teammate modal's person and role fields. */
  setupTeamPerson: "maestro.setup.team.person",
  setupTeamRole: "maestro.setup.team.role",
} as const;
export type ActionBase = (typeof ACTIONS)[keyof typeof ACTIONS];

/** block_id prefixes; a block's id is `<prefix>:<key>` so it is unique in its message. */
export const BLOCKS = {
  pendingCard: "maestro.pending.card",
  /** The Stop button's row under a running turn's progress note. */
  stopTurn: "maestro.turn.stop.actions",
  pendingActions: "maestro.pending.actions",
  cancelReasonInput: "maestro.pending.cancel_reason.input",
  /** The context_actions block holding an answer's 👍/👎 (`maestro.feedback:<run id>`). */
  feedback: "maestro.feedback.actions",
  feedbackReasonInput: "maestro.feedback.reason.input",
  /** The Home tab's first-run checklist, and the add-a-teammate modal's fields. */
  firstRun: "maestro.setup.steps",
  setupTeamPerson: "maestro.setup.team.person.input",
  setupTeamRole: "maestro.setup.team.role.input",
  roleRequest: "maestro.role.request",
  roleActions: "maestro.role.actions",
  rule: "maestro.rule",
  ruleActions: "maestro.rule.actions",
  /** The input block of the reject-reason modal (a fixed id: a modal has one). */
  rejectReasonInput: "maestro.role.reject_reason.input",
  /** The digest's header: marks a message as a digest. */
  digest: "maestro.digest",
  /** A role request in a digest, and its Approve / Reject: a click there updates the digest, not a list. */
  digestRoleRequest: "maestro.digest.role_request",
  digestRoleActions: "maestro.digest.role_actions",
  /** An ops-channel alert (its first block), its buttons, and a burst's summary. A click there updates the alert. */
  alert: "maestro.alert.item",
  alertActions: "maestro.alert.actions",
  alertBurst: "maestro.alert.burst",
  /** The request-access offer's button row, and the modal's two input blocks (fixed ids: a modal has one of each). */
  accessActions: "maestro.access.actions",
  accessRoleInput: "maestro.access.role.input",
  accessReasonInput: "maestro.access.reason.input",
} as const;

/** callback_ids of the views Maestro opens or publishes. */
export const VIEWS = {
  rejectReason: "maestro.role.reject_reason",
  /** The reason for rejecting an intake from its ops alert. */
  intakeRejectReason: "maestro.alert.intake.reject_reason",
  /** The New rule / Edit rule modal. */
  ruleForm: "maestro.rule.form",
  home: "maestro.home",
  /** The request-access modal (role, reason) offered to someone who is not staff. */
  accessRequest: "maestro.access.request.form",
  /** A card's "Cancel with a reason…" modal, and its read-only details. */
  cancelReason: "maestro.pending.cancel_reason",
  cardDetails: "maestro.pending.details",
  /** The optional reason after a 👎. */
  feedbackReason: "maestro.feedback.reason",
  /** The Home tab's first run: add a teammate (person, role); the new API key, shown once; where the digest goes. */
  setupTeam: "maestro.setup.team.form",
  setupApiKey: "maestro.setup.api_key.shown",
  setupDigest: "maestro.setup.digest.howto",
} as const;

/** The option values of a card's overflow menu. */
export const CARD_MENU = { cancelWithReason: "cancel_with_reason", details: "details" } as const;

const MAX_ID_LENGTH = 255;

/** `<base>:<key>`, e.g. maestro.role.approve:12. */
export function actionId(base: ActionBase, key: string | number): string {
  const id = `${base}:${key}`;
  if (id.length > MAX_ID_LENGTH) throw new Error(`action_id longer than ${MAX_ID_LENGTH} characters: ${id.slice(0, 40)}…`);
  return id;
}

/** `<prefix>:<key>`, e.g. maestro.role.actions:12. */
export function blockId(prefix: string, key: string | number): string {
  const id = `${prefix}:${key}`;
  if (id.length > MAX_ID_LENGTH) throw new Error(`block_id longer than ${MAX_ID_LENGTH} characters: ${id.slice(0, 40)}…`);
  return id;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Matches a base action id with or without its `:<key>` suffix: `app.action(actionPattern(ACTIONS.confirm), …)`. */
export function actionPattern(base: ActionBase): RegExp {
  return new RegExp(`^${escapeRegExp(base)}(?::.+)?$`);
}

// ---- button values --------------------------------------------------------------------------------

export const BUTTON_VALUE_MAX = 2000;

/** A pending action id (uuid text) or a numeric row id (role request, rule). */
const idSchema = z.union([
  z.number().int().positive().max(2_147_483_647),
  z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, { message: "must be letters, digits, - or _" }),
]);

export const buttonValueSchema = z.strictObject({
  id: idSchema,
  /** Display only (e.g. the reject modal's summary without a lookup); never trusted for a decision. */
  label: z.string().max(300).optional(),
});
export type ButtonValue = z.infer<typeof buttonValueSchema>;

/** JSON like {"id":12} or {"id":12,"label":"…"}; throws when the value is malformed or longer than Slack's 2,000 characters. */
export function encodeButtonValue(value: ButtonValue): string {
  const parsed = buttonValueSchema.parse(value);
  const text = JSON.stringify(parsed);
  if (text.length > BUTTON_VALUE_MAX) throw new Error(`button value longer than ${BUTTON_VALUE_MAX} characters`);
  return text;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses a JSON value Slack hands back (a button value, a modal's private_metadata) with its schema; never throws. */
export function parseJson<T>(raw: unknown, schema: z.ZodType<T>, max: number, what: string): Parsed<T> {
  if (typeof raw !== "string" || raw.length === 0) return { ok: false, error: `${what} is missing` };
  if (raw.length > max) return { ok: false, error: `${what} is longer than ${max} characters` };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: `${what} is not JSON` };
  }
  const result = schema.safeParse(json);
  if (!result.success) return { ok: false, error: `${what} is malformed: ${result.error.issues[0]?.message ?? "invalid"}` };
  return { ok: true, value: result.data };
}

/** Parses a button value at the edge; never throws. */
export const parseButtonValue = (raw: unknown): Parsed<ButtonValue> => parseJson(raw, buttonValueSchema, BUTTON_VALUE_MAX, "button value");

/** A numeric id (role request, rule) from a button value. */
export function parseNumericId(raw: unknown): Parsed<number> {
  const parsed = parseButtonValue(raw);
  if (!parsed.ok) return parsed;
  return typeof parsed.value.id === "number"
    ? { ok: true, value: parsed.value.id }
    : { ok: false, error: "button value id is not a number" };
}

/** A text id (pending action uuid) from a button value. */
export function parseTextId(raw: unknown): Parsed<string> {
  const parsed = parseButtonValue(raw);
  if (!parsed.ok) return parsed;
  return typeof parsed.value.id === "string" ? { ok: true, value: parsed.value.id } : { ok: false, error: "button value id is not text" };
}

// ---- response_url ---------------------------------------------------------------------------------

/** Longer than any response_url Slack issues (~100 characters); bounds what a modal carries (decisions/origin.ts). */
export const RESPONSE_URL_MAX = 500;

const SLACK_API_URL = "https://slack.com/api/";

/**
 * Whether a URL is one Slack gives out as a response_url, so Maestro never POSTs a list to anywhere else:
 * https://hooks.slack.com, or the host of the Web API the app talks to (SLACK_API_URL: GovSlack, a proxy, the fake
 * Slack of tests and the console) and its hooks. subdomain, over the same scheme. Test hosts are therefore accepted
 * only by an app whose Web API is that test host.
 */
export function isSlackResponseUrl(raw: string, apiUrl: string = SLACK_API_URL): boolean {
  if (raw.length > RESPONSE_URL_MAX || !URL.canParse(raw) || !URL.canParse(apiUrl)) return false;
  const url = new URL(raw);
  const api = new URL(apiUrl);
  if (url.username || url.password) return false;
  if (url.protocol === "https:" && url.host === "hooks.slack.com") return true;
  return url.protocol === api.protocol && (url.host === api.host || url.host === `hooks.${api.host}`);
}
