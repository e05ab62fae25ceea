// Ask Maestro / Run a test event / Disable rule on a workflow failure's ops alert. Asking opens a thread under the alert
// with the agent, as the clicker; the test event and the disable run the same tools as everywhere else, as the clicker.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { loadAlertView, type FailureAlertView } from "../../../alerts/alert-views.ts";
import { EVAL_SOURCE } from "../../../domain/vocabulary.ts";
import { showAlert } from "../../decisions/show-outcome.ts";
import { takeTurn } from "../../delivery/take-turn.ts";
import { parseNumericId } from "../../ids.ts";
import { personOf, type Surface } from "../../surface.ts";
import { callTool, humanActor, personErrorText } from "../../tool-calls.ts";
import { alertAt, tell } from "./alert-intake-buttons.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** A test event reuses the failed event's metadata when it is small (the tool's own bound); else none. */
const TEST_METADATA_MAX_BYTES = 4000;

async function failureOf(surface: Surface, raw: unknown): Promise<FailureAlertView | undefined> {
  const id = parseNumericId(raw);
  if (!id.ok) return undefined;
  const view = await loadAlertView(surface.db, "workflow_failure", id.value);
  return view?.kind === "workflow_failure" ? view : undefined;
}

/** The question the agent gets: ids only, so nothing a rule or an event says becomes the request itself. */
export const askAboutFailure = (f: FailureAlertView) =>
  `Workflow run #${f.executionId}${f.ruleId === null ? "" : ` of rule #${f.ruleId}`} failed. Look at that run ` +
  "(get_workflow_execution_detail) and explain in plain words why it failed and what we should change.";

export const askMaestro =
  (surface: Surface) =>
  async ({ action, body, client, context }: ActionArgs) => {
    const failure = await failureOf(surface, action.value);
    const at = alertAt(body);
    if (!failure || !at) return;
    const teamId = body.team?.id ?? body.user.team_id ?? "T0";
    await client.chat
      .postMessage({ channel: at.channel, thread_ts: at.ts, text: `<@${body.user.id}> asked Maestro about this failure.` })
      .catch((error: unknown) => surface.logger.warn({ err: error }, "slack.alert.ask_post_failed"));
    const work = takeTurn(surface, client, {
      person: personOf(context),
      slackUserId: body.user.id,
      teamId,
      text: askAboutFailure(failure),
      conversation: { teamId, channelId: at.channel, threadTs: at.ts },
      place: { channel: at.channel, threadTs: at.ts },
      trigger: "mention",
    });
    surface.track(work);
    await work;
  };

export const runTestEvent =
  (surface: Surface) =>
  async ({ action, body, context, respond }: ActionArgs) => {
    const failure = await failureOf(surface, action.value);
    if (!failure?.eventType) return;
    const { source: _source, ...metadata } = failure.eventMetadata;
    const small = Buffer.byteLength(JSON.stringify(metadata)) <= TEST_METADATA_MAX_BYTES;
    const outcome = await callTool(surface, humanActor(personOf(context), body.user.id, "button"), "trigger_test_workflow", {
      event_type: failure.eventType,
      ...(small ? { metadata } : {}),
    });
    if (!outcome.ok) return tell(respond, personErrorText(outcome.error), false);
    const runs = outcome.result.executions.map(
      (e) => `${e.rule.name ?? `rule #${e.rule.id}`}: ${e.status}${e.error ? ` (${e.error})` : ""}`,
    );
    const text = outcome.result.note ?? `Test event (${EVAL_SOURCE}, dry run) fired ${failure.eventType}: ${runs.join("; ") || "no runs"}.`;
    await tell(respond, text, true);
  };

export const disableFailedRule =
  (surface: Surface) =>
  async ({ action, body, client, context, respond }: ActionArgs) => {
    const failure = await failureOf(surface, action.value);
    if (!failure) return;
    if (failure.ruleId === null) return tell(respond, "That rule no longer exists.", false);
    const outcome = await callTool(surface, humanActor(personOf(context), body.user.id, "button"), "toggle_workflow_rule", {
      rule_id: failure.ruleId,
      enabled: false,
    });
    await tell(respond, outcome.ok ? `Rule #${failure.ruleId} is disabled.` : personErrorText(outcome.error), outcome.ok);
    const at = alertAt(body);
    if (at) await showAlert({ surface, client }, at, "workflow_failure", failure.executionId);
  };
