// Takes one turn through the fake Slack transport into the real app: a DM, a command, a click on what a card shows, time passing.
import { manualClock } from "../../src/domain/clock.ts";
import { sweepExpiredCards } from "../../src/slack/cards/expire-cards.ts";
import type { SlackHarness } from "../../src/testing/slack-harness.ts";
import { OPERATOR } from "../seed-kit.ts";
import { describeApiTurn, driveApiTurn } from "./api-turn.ts";
import type { Turn } from "../scenario.ts";
import { buttonsIn, type ButtonSeen, type ClickRecord, type ModalRecord, type SlackRecord } from "./evidence.ts";

export interface TurnDriver {
  harness: SlackHarness;
  clock: ReturnType<typeof manualClock>;
  /** Slack records of the turns before this one (what people could see). */
  slack: SlackRecord[];
  clicks: ClickRecord[];
  modals: ModalRecord[];
  /** Acks of commands: Slack shows their payload too. */
  acks: SlackRecord[];
  /** Each person's open DM session: the ts of their latest top-level DM, whose thread Maestro answers in. */
  sessions: Map<string, string>;
}

let deliveryCounter = 0;

export function describeTurn(turn: Turn): string {
  const who = "as" in turn && turn.as ? ` (${turn.as})` : "";
  if ("dm" in turn)
    return `dm${who}${turn.newSession ? " (new session)" : ""}${turn.file ? ` with ${turn.file.name}` : ""}: ${turn.dm}${turn.deliveries && turn.deliveries > 1 ? ` ×${turn.deliveries} deliveries` : ""}`;
  if ("command" in turn) return `/maestro ${turn.command}${who}`;
  if ("dmThenStop" in turn) return `dm${who}: ${turn.dmThenStop}, then /maestro stop while it runs`;
  if ("click" in turn)
    return `click "${turn.click}"${turn.row ? ` on the row with "${turn.row}"` : ""}${turn.times && turn.times > 1 ? ` ×${turn.times} at once` : ""}${who}`;
  if ("fillModal" in turn) return `fill the modal with "${turn.fillModal}" and submit${who}`;
  if ("openHome" in turn) return `open the Home tab${who}`;
  if ("advanceClock" in turn) return `${turn.advanceClock.hours ?? 0} h ${turn.advanceClock.minutes ?? 0} min pass`;
  if ("runAlerts" in turn) return "the ops-alerts job runs";
  if ("api" in turn) return describeApiTurn(turn);
  return "the card-expiry sweep runs";
}

const CLICKABLE = new Set(["chat.postMessage", "chat.update", "chat.stopStream", "chat.postEphemeral", "respond", "views.publish"]);
const sameLabel = (shown: string, wanted: string) => shown.replace(/…$/, "").trim().toLowerCase() === wanted.trim().toLowerCase();

/** Which message (or Home tab) a record renders: a later record of the same message replaces what people see. */
function messageKey(record: SlackRecord): string | undefined {
  switch (record.method) {
    case "chat.postMessage":
      return `${String(record.response?.channel ?? record.args.channel)}:${String(record.response?.ts)}`;
    case "chat.update":
    case "chat.stopStream":
      return `${String(record.args.channel)}:${String(record.args.ts)}`;
    case "views.publish":
      return `home:${String(record.args.user_id)}`;
    default:
      return undefined; // ephemerals are replaced only through a click's response_url (replacedRecords)
  }
}

/**
 * Records no longer on screen: a later render of the same message, and ephemeral messages Maestro replaced through the
 * response_url of a click on them (`replace_original`).
 */
function replacedRecords(slack: readonly SlackRecord[], clicks: readonly ClickRecord[]): Set<number> {
  const replaced = new Set<number>();
  const newest = new Map<string, number>();
  slack.forEach((record, i) => {
    const key = messageKey(record);
    if (!key) return;
    const before = newest.get(key);
    if (before !== undefined) replaced.add(before);
    newest.set(key, i);
  });
  slack.forEach((record, i) => {
    if (record.method !== "respond" || record.args.replace_original !== true) return;
    for (const click of clicks) if (click.turn === record.turn && click.source < i) replaced.add(click.source);
  });
  return replaced;
}

/** The newest button with this label that Maestro shows now (in the row mentioning `row`, when given). */
export function findButton(
  slack: readonly SlackRecord[],
  label: string,
  row?: string,
  clicks: readonly ClickRecord[] = [],
): ButtonSeen | undefined {
  const replaced = replacedRecords(slack, clicks);
  for (let i = slack.length - 1; i >= 0; i--) {
    const record = slack[i]!;
    if (!CLICKABLE.has(record.method) || replaced.has(i)) continue;
    const hit = buttonsIn(record).find((b) => sameLabel(b.label, label) && (!row || b.rowText.includes(row)));
    if (hit) return hit;
  }
  return undefined;
}

async function click(driver: TurnDriver, turn: Extract<Turn, { click: string }>, index: number): Promise<void> {
  const user = turn.as ?? OPERATOR;
  const button = findButton(driver.slack, turn.click, turn.row, driver.clicks);
  if (!button) throw new Error(`no button labelled "${turn.click}"${turn.row ? ` on a row mentioning "${turn.row}"` : ""} is showing`);
  const { fake } = driver.harness;
  const record = button.record;
  const press = () => {
    driver.clicks.push({
      turn: index,
      slackUserId: user,
      label: button.label,
      actionId: button.actionId,
      value: button.value,
      source: driver.slack.indexOf(record),
    });
    const action = {
      action_id: button.actionId,
      value: button.value,
      ...(button.blockId ? { block_id: button.blockId } : {}),
      ...(button.type ? { type: button.type } : {}),
      ...(button.selected !== undefined ? { selected: button.selected } : {}),
    };
    if (record.method === "views.publish") {
      const viewId = ((record.response?.view as { id?: string } | undefined)?.id ?? "V0HOME") as string;
      return fake.clickInView(user, action, viewId);
    }
    const channel = String(record.args.channel ?? record.response?.channel ?? `D0${user}`);
    const ts = String(
      record.method === "chat.update" || record.method === "chat.stopStream"
        ? record.args.ts
        : (record.response?.ts ?? record.response?.message_ts ?? "1700000000.000001"),
    );
    const threadTs = record.args.thread_ts as string | undefined;
    // An ephemeral message (a slash command's answer) is clicked as one: Maestro refreshes it through its response_url.
    const ephemeral = record.method === "respond" || record.method === "chat.postEphemeral";
    return fake.click(user, action, { channel, ts, ephemeral, ...(threadTs ? { threadTs } : {}) });
  };
  await Promise.all(Array.from({ length: Math.max(1, turn.times ?? 1) }, press));
}

async function fillModal(driver: TurnDriver, text: string, user: string, index: number): Promise<void> {
  const opened = [...driver.slack].reverse().find((r) => r.method === "views.open");
  const view = opened?.args.view as { callback_id?: string; private_metadata?: string; blocks?: Record<string, unknown>[] } | undefined;
  if (!view?.callback_id) throw new Error("no modal is open");
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks ?? []) {
    const element = block.element as { type?: string; action_id?: string } | undefined;
    if (block.type === "input" && element?.type === "plain_text_input" && element.action_id) {
      values[String(block.block_id)] = { [element.action_id]: { type: "plain_text_input", value: text } };
    }
    // A select keeps its initial option, as Slack's view state does for a field the person left alone.
    const initial = (element as { initial_option?: unknown } | undefined)?.initial_option;
    if (block.type === "input" && element?.type === "static_select" && element.action_id && initial) {
      values[String(block.block_id)] = { [element.action_id]: { type: "static_select", selected_option: initial } };
    }
  }
  driver.modals.push({ turn: index, slackUserId: user, callbackId: view.callback_id, privateMetadata: view.private_metadata ?? "" });
  const ack = await driver.harness.fake.submitView(user, {
    callback_id: view.callback_id,
    private_metadata: view.private_metadata,
    values,
  });
  if (ack.response) driver.acks.push({ turn: index, method: "ack", args: ack.response as Record<string, unknown> });
}

/** A DM whose answer is stopped with `/maestro stop` once its run is running (the model call of its first step). */
async function dmThenStop(driver: TurnDriver, text: string, user: string): Promise<void> {
  const { fake, surface } = driver.harness;
  const session = driver.sessions.get(user);
  const sent = await fake.dm(user, text, session ? { threadTs: session } : {});
  if (!session) driver.sessions.set(user, sent.ts);
  const deadline = Date.now() + 30_000;
  while (!(await surface.db("agent_runs").where({ status: "running" }).first())) {
    if (Date.now() > deadline) throw new Error("the DM's answer never started running");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await fake.command(user, "stop");
}

/** Runs one turn and waits until every piece of work it started (model turns, card updates) has finished. */
export async function driveTurn(driver: TurnDriver, turn: Turn, index: number): Promise<void> {
  const { fake } = driver.harness;
  if ("dm" in turn) {
    const user = turn.as ?? OPERATOR;
    const id = `EVAL${String(++deliveryCounter).padStart(6, "0")}`;
    // A follow-up is written where a person writes one: in the thread Maestro answers the session in.
    const session = turn.newSession ? undefined : driver.sessions.get(user);
    const file = turn.file
      ? [{ id: `F0${id}`, name: turn.file.name, mimetype: turn.file.mimetype, url_private: `https://files.slack.test/F0${id}` }]
      : undefined;
    const options = {
      eventId: `Ev${id}`,
      clientMsgId: `cm-${id}`,
      ...(session ? { threadTs: session } : {}),
      ...(file ? { files: file } : {}),
    };
    const first = await fake.dm(user, turn.dm, options);
    if (!session) driver.sessions.set(user, first.ts);
    // Slack's retries of the same event: the first at ~3 s arrives while the first delivery is still being answered.
    for (let retry = 1; retry < (turn.deliveries ?? 1); retry++) {
      await fake.dm(user, turn.dm, { ...options, retryNum: retry });
    }
  } else if ("dmThenStop" in turn) {
    await dmThenStop(driver, turn.dmThenStop, turn.as ?? OPERATOR);
  } else if ("command" in turn) {
    const ack = await fake.command(turn.as ?? OPERATOR, turn.command);
    if (ack.response)
      driver.acks.push({
        turn: index,
        method: "ack",
        args: (typeof ack.response === "string" ? { text: ack.response } : ack.response) as Record<string, unknown>,
      });
  } else if ("click" in turn) {
    await click(driver, turn, index);
  } else if ("fillModal" in turn) {
    await fillModal(driver, turn.fillModal, turn.as ?? OPERATOR, index);
  } else if ("openHome" in turn) {
    await fake.openHome(turn.as ?? OPERATOR);
  } else if ("advanceClock" in turn) {
    driver.clock.advance((turn.advanceClock.hours ?? 0) * 3_600_000 + (turn.advanceClock.minutes ?? 0) * 60_000);
  } else if ("runAlerts" in turn) {
    if (!driver.harness.alerts) throw new Error("ops alerts are off: the eval config sets no OPS_CHANNEL");
    await driver.harness.alerts.drain();
  } else if ("api" in turn) {
    await driveApiTurn(driver.harness, turn);
  } else {
    await sweepExpiredCards(driver.harness.surface, driver.harness.app.client);
  }
  await fake.settle(60_000);
}
