// The names the tools, the seed, the digest and the evals share: statuses, event types, audit actions.

export const INTAKE_STATUSES = ["NEW", "TRIAGED", "QUALIFIED", "REJECTED", "BOOKED", "CLOSED"] as const;
export type IntakeStatus = (typeof INTAKE_STATUSES)[number];
/** The queue the operator works: everything not finished. */
export const OPEN_INTAKE_STATUSES: readonly IntakeStatus[] = ["NEW", "TRIAGED", "QUALIFIED", "BOOKED"];

export const ROLE_REQUEST_STATUSES = ["PENDING", "APPROVED", "REJECTED"] as const;
export type RoleRequestStatus = (typeof ROLE_REQUEST_STATUSES)[number];

export const ROLE_NAMES = ["ADMIN", "STAFF", "MEMBER", "INSTRUCTOR"] as const;
/** Roles that make a user staff: they may use Maestro. */
export const STAFF_ROLES = ["ADMIN", "STAFF"] as const;

export const CONTACT_STATUSES = ["NEW", "CONTACTED", "QUALIFIED", "ACTIVE", "CHURNED"] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export const SLOT_STATUSES = ["OPEN", "BOOKED", "CANCELLED"] as const;
export type SlotStatus = (typeof SLOT_STATUSES)[number];
export const BOOKING_STATUSES = ["CONFIRMED", "CANCELLED"] as const;

export const EXECUTION_STATUSES = ["SUCCESS", "FAILED", "SKIPPED"] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export const ACTION_TYPES = ["ADD_INTAKE_NOTE", "SET_CONTACT_STATUS", "ASSIGN_OWNER", "NOTIFY_SLACK", "SEND_EMAIL"] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** API_KEY: a server of the studio (its website, a form provider) through the studio API, named by its key. */
export const ACTOR_TYPES = ["USER", "AGENT", "SYSTEM", "API_KEY"] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** Feed event types (PascalCase, noun-then-verb) written by the services and matched by workflow rules. */
export const FEED_EVENT_TYPES = {
  intakeCreated: "IntakeCreated",
  intakeStatusChanged: "IntakeStatusChanged",
  intakeAssigned: "IntakeAssigned",
  intakeNoteAdded: "IntakeNoteAdded",
  roleRequested: "RoleRequested",
  roleApproved: "RoleApproved",
  roleRejected: "RoleRejected",
  availabilityAdded: "AvailabilityAdded",
  availabilityCancelled: "AvailabilityCancelled",
  bookingConfirmed: "BookingConfirmed",
  bookingCancelled: "BookingCancelled",
  contactCreated: "ContactCreated",
  contactStatusChanged: "ContactStatusChanged",
  workflowRuleToggled: "WorkflowRuleToggled",
  workflowRuleCreated: "WorkflowRuleCreated",
  workflowRuleUpdated: "WorkflowRuleUpdated",
  workflowRuleDeleted: "WorkflowRuleDeleted",
  contentSearched: "ContentSearched",
  triageTicket: "TriageTicket",
} as const;

/** Audit actions (noun.verb) written with every change. */
export const AUDIT_ACTIONS = {
  intakeStatusUpdate: "intake.status_update",
  intakeAssign: "intake.assign",
  intakeNoteAdd: "intake.note_add",
  roleRequestCreate: "role_request.create",
  roleRequestApprove: "role_request.approve",
  roleRequestReject: "role_request.reject",
  availabilityAdd: "availability.add",
  availabilityCancel: "availability.cancel",
  workflowRuleToggle: "workflow_rule.toggle",
  workflowRuleCreate: "workflow_rule.create",
  workflowRuleUpdate: "workflow_rule.update",
  workflowRuleDelete: "workflow_rule.delete",
  workflowRulesApply: "workflow_rules.apply",
  workflowTestTrigger: "workflow.test_trigger",
  userRoleBootstrap: "user.role_bootstrap",
  userCreate: "user.create",
  bookingCreate: "booking.create",
  contentSearchLog: "content_search.log",
  feedEventRecord: "feed_event.record",
  userSlackLink: "user.slack_link",
  userRoleGrant: "user.role_grant",
  userRoleRevoke: "user.role_revoke",
  digestPost: "digest.post",
  intakeCreate: "intake.create",
  contactCreate: "contact.create",
  contactUpdate: "contact.update",
  apiKeyCreate: "api_key.create",
  apiKeyRevoke: "api_key.revoke",
  intakeUpdate: "intake.update",
  userImport: "user.import",
  importRun: "import.run",
} as const;

/** How a change reached the domain: recorded in every audit row. */
export const CHANGE_PATHS = ["agent", "command", "button", "digest", "cli", "console", "workflow", "system", "api"] as const;
export type ChangePath = (typeof CHANGE_PATHS)[number];

/** Marks synthetic events: their outside effects are dry runs and analytics leave them out. */
export const EVAL_SOURCE = "EVAL";
