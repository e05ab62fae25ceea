// Every scenario, in the order the suite runs them: the seeds' fourteen first, then the Slack form's own.
import type { Scenario } from "../scenario.ts";
import { adminGrantNeedsAdmin } from "./maestro-admin-grant-needs-admin.ts";
import { approveFromList } from "./maestro-approve-from-list.ts";
import { cardCancel } from "./maestro-card-cancel.ts";
import { cardsEveryTool } from "./maestro-cards-every-tool.ts";
import { feedbackThumbsDown } from "./maestro-feedback-thumbs-down.ts";
import { cardClickByNonStaff } from "./maestro-card-click-by-non-staff.ts";
import { cardDoubleClick } from "./maestro-card-double-click.ts";
import { cardExpired } from "./maestro-card-expired.ts";
import { cardStale } from "./maestro-card-stale.ts";
import { digestDemoStudio } from "./maestro-digest-demo-studio.ts";
import { ruleEmailDelivered } from "./maestro-rule-email-delivered.ts";
import { alertFailureExplained } from "./maestro-alert-failure-explained.ts";
import { alertIntakeTriaged } from "./maestro-alert-intake-triaged.ts";
import { alertRoleApproved } from "./maestro-alert-role-approved.ts";
import { homeSnapshot } from "./maestro-home-snapshot.ts";
import { injectionGateHolds } from "./maestro-injection-gate-holds.ts";
import { injectionWriteHeld } from "./maestro-injection-write-held.ts";
import { longConversation } from "./maestro-long-conversation.ts";
import { modelOverloaded } from "./maestro-model-overloaded.ts";
import { stoppedTurn } from "./maestro-stopped-turn.ts";
import { nonStaffDm } from "./maestro-non-staff-dm.ts";
import { memberRequestsAccess } from "./maestro-member-requests-access.ts";
import { promptInjectionInGoals } from "./maestro-prompt-injection-in-goals.ts";
import { rateLimit } from "./maestro-rate-limit.ts";
import { regressionNeedsNote } from "./maestro-regression-needs-note.ts";
import { rejectFromList } from "./maestro-reject-from-list.ts";
import { roleRejectWithReason } from "./maestro-role-reject-with-reason.ts";
import { slackRetry } from "./maestro-slack-retry.ts";
import { ruleFromProposal } from "./maestro-rule-from-proposal.ts";
import { threadedSession } from "./maestro-threaded-session.ts";
import { fileDm } from "./maestro-file-dm.ts";
import { slashVerbs } from "./maestro-slash-verbs.ts";
import { intakeQueueSummaryParaphrases } from "./paraphrases-intake-queue-summary.ts";
import { roleApprovalListParaphrases } from "./paraphrases-role-approval-list.ts";
import { workflowExecutionSummaryParaphrases } from "./paraphrases-workflow-execution-summary.ts";
import { auditLog } from "./maestro-audit-log.ts";
import { contactPipeline } from "./maestro-contact-pipeline.ts";
import { funnelStats } from "./maestro-funnel-stats.ts";
import { healthCheck } from "./maestro-health-check.ts";
import { intakeDetail } from "./maestro-intake-detail.ts";
import { intakeQueueSummary } from "./maestro-intake-queue-summary.ts";
import { intakeTriage } from "./maestro-intake-triage.ts";
import { apiIntakeTriage } from "./maestro-api-intake-triage.ts";
import { roleApprovalList } from "./maestro-role-approval-list.ts";
import { roleApproveAndVerify } from "./maestro-role-approve-and-verify.ts";
import { toggleWorkflowRule } from "./maestro-toggle-workflow-rule.ts";
import { triggerTestWorkflow } from "./maestro-trigger-test-workflow.ts";
import { weeklyActivityBrief } from "./maestro-weekly-activity-brief.ts";
import { workflowExecutionSummary } from "./maestro-workflow-execution-summary.ts";
import { workflowFailureDetail } from "./maestro-workflow-failure-detail.ts";

/** The fourteen scenarios of seed 001 §6 / seed 000 T7, with their names. */
export const SEED_SCENARIOS: readonly Scenario[] = [
  intakeQueueSummary,
  intakeTriage,
  intakeDetail,
  roleApprovalList,
  roleApproveAndVerify,
  workflowExecutionSummary,
  workflowFailureDetail,
  triggerTestWorkflow,
  toggleWorkflowRule,
  funnelStats,
  weeklyActivityBrief,
  contactPipeline,
  healthCheck,
  auditLog,
];

/** What the Slack form adds: the gate under pressure, the surface's guarantees, resilience, the digest. */
export const SLACK_SCENARIOS: readonly Scenario[] = [
  roleRejectWithReason,
  approveFromList,
  rejectFromList,
  cardCancel,
  cardExpired,
  cardDoubleClick,
  cardClickByNonStaff,
  cardStale,
  cardsEveryTool,
  feedbackThumbsDown,
  regressionNeedsNote,
  adminGrantNeedsAdmin,
  promptInjectionInGoals,
  injectionGateHolds,
  injectionWriteHeld,
  nonStaffDm,
  memberRequestsAccess,
  rateLimit,
  slackRetry,
  threadedSession,
  fileDm,
  slashVerbs,
  homeSnapshot,
  modelOverloaded,
  stoppedTurn,
  longConversation,
  digestDemoStudio,
  ruleEmailDelivered,
  alertIntakeTriaged,
  alertRoleApproved,
  alertFailureExplained,
  apiIntakeTriage,
  ruleFromProposal,
];

export const PARAPHRASE_SCENARIOS: readonly Scenario[] = [
  ...intakeQueueSummaryParaphrases,
  ...roleApprovalListParaphrases,
  ...workflowExecutionSummaryParaphrases,
];

export const SCENARIOS: readonly Scenario[] = [...SEED_SCENARIOS, ...SLACK_SCENARIOS, ...PARAPHRASE_SCENARIOS];
