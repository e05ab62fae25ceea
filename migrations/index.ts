// Every migration, in order: a static list so knex never scans a directory (see STACK.md).
import type { Knex } from "knex";
import * as studio from "./20261122_001_studio.ts";
import * as bot from "./20261122_002_bot.ts";
import * as benchIndexes from "./20261122_003_bench_indexes.ts";
import * as readModels from "./20261122_004_read_models.ts";
import * as unloggedRateLimits from "./20261122_005_unlogged_rate_limits.ts";
import * as emailDelivery from "./20261202_030_email_delivery.ts";
import * as opsAlerts from "./20261202_031_ops_alerts.ts";
import * as slackDelivery from "./20261202_032_slack_delivery.ts";
import * as turnRecovery from "./20261202_010_turn_recovery.ts";
import * as pendingActionRecovery from "./20261202_015_pending_action_recovery.ts";
import * as personEmailUnique from "./20261202_028_person_email_unique.ts";
import * as runStop from "./20261202_042_run_stop.ts";
import * as defaultRoles from "./20261202_023_default_roles.ts";
import * as studioApi from "./20261202_020_studio_api.ts";
import * as slackTokenState from "./20261202_043_slack_token_state.ts";
import * as cardContext from "./20261202_044_card_context.ts";
import * as answerFeedback from "./20261202_045_answer_feedback.ts";
import * as slackThreads from "./20261202_040_slack_threads.ts";

export interface Migration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

export const migrations: readonly Migration[] = [
  { name: "20261122_001_studio", ...studio },
  { name: "20261122_002_bot", ...bot },
  { name: "20261122_003_bench_indexes", ...benchIndexes },
  { name: "20261122_004_read_models", ...readModels },
  { name: "20261122_005_unlogged_rate_limits", ...unloggedRateLimits },
  { name: "20261202_030_email_delivery", ...emailDelivery },
  { name: "20261202_031_ops_alerts", ...opsAlerts },
  { name: "20261202_032_slack_delivery", ...slackDelivery },
  { name: "20261202_010_turn_recovery", ...turnRecovery },
  { name: "20261202_015_pending_action_recovery", ...pendingActionRecovery },
  { name: "20261202_028_person_email_unique", ...personEmailUnique },
  { name: "20261202_042_run_stop", ...runStop },
  { name: "20261202_023_default_roles", ...defaultRoles },
  { name: "20261202_020_studio_api", ...studioApi },
  { name: "20261202_043_slack_token_state", ...slackTokenState },
  { name: "20261202_044_card_context", ...cardContext },
  { name: "20261202_045_answer_feedback", ...answerFeedback },
  { name: "20261202_040_slack_threads", ...slackThreads },
];
