// Click → card updated and click → resumed run: a DM asks for a gated change (the instant model calls
// update_intake_status → REJECTED), the card is posted; then a signed Confirm is timed to the card's chat.update
// arriving at the fake Slack API and to the resumed run's first request reaching the model. One card at a time.
import type { Knex } from "knex";
import { insertIntake } from "../../src/testing/fixtures/intakes.ts";
import { CARD_PROMPT, cardToolUseId, type InstantModel } from "../instant-model.ts";
import { sendSigned } from "../load/send-signed.ts";
import { buttonClick, directMessage } from "../load/slack-requests.ts";
import type { SlackApiRecorder } from "../slack-api-recorder.ts";

export interface ClickSamples {
  /** The Confirm's own HTTP response (the ack). */
  ack: number[];
  /** To the first chat.update of the card: the "working…" state that takes its buttons away. */
  replaced: number[];
  /** To the second chat.update: who decided, when, and the outcome. */
  decided: number[];
  /** To the model receiving the resumed run's first request (the executed tool's result). */
  resumed: number[];
}

export interface ClickSetup {
  knex: Knex;
  baseUrl: string;
  api: SlackApiRecorder;
  model: InstantModel;
  users: readonly string[];
  signingSecret: string;
  /** A fresh prefix for this run's event ids. */
  run: string;
}

const WAIT_MS = 30_000;

export async function measureClicks(s: ClickSetup, cards: number): Promise<ClickSamples> {
  const out: ClickSamples = { ack: [], replaced: [], decided: [], resumed: [] };
  for (let i = 0; i < cards; i++) {
    const intake = await insertIntake(s.knex, { name: `Bench Card ${i}`, status: "TRIAGED" });
    // The asker and the clicker are two staff members, as in a studio where one asks and another approves.
    const asker = s.users[(2 * i) % s.users.length]!;
    const clicker = s.users[(2 * i + 1) % s.users.length]!;
    const cardsBefore = s.api.cards.length;
    const turnsBefore = s.api.count("reactions.remove");
    const asked = await sendSigned(
      s.baseUrl,
      directMessage(asker, `${CARD_PROMPT} ${intake.id} — reject this one, please`, `EvC${s.run}${i}`),
      s.signingSecret,
    );
    if (asked.status !== 200) throw new Error(`the card's DM was answered ${asked.status}`);
    await s.api.waitForCount("reactions.remove", turnsBefore + 1, WAIT_MS);
    const card = s.api.cards[cardsBefore];
    if (!card) throw new Error(`no confirmation card was posted for intake ${intake.id}`);
    await s.api.idle(50, WAIT_MS);

    const key = `${card.channel}:${card.ts}`;
    const click = buttonClick(clicker, card.confirm, { channel: card.channel, ts: card.ts }, s.api.responseUrl(100_000 + i), 100_000 + i);
    const arrivals = Promise.all([
      s.api.updates.wait(`${key}#1`, WAIT_MS),
      s.api.updates.wait(`${key}#2`, WAIT_MS),
      s.model.resumed.wait(cardToolUseId(intake.id), WAIT_MS),
    ]);
    arrivals.catch(() => undefined); // awaited below; a failed click must not leave it unhandled meanwhile
    const clicked = await sendSigned(s.baseUrl, click, s.signingSecret);
    if (clicked.status !== 200) throw new Error(`the Confirm was answered ${clicked.status}`);
    const [replaced, decided, resumed] = await arrivals;
    out.ack.push(clicked.ms);
    out.replaced.push(replaced - clicked.sentAt);
    out.decided.push(decided - clicked.sentAt);
    out.resumed.push(resumed - clicked.sentAt);
    // The resumed run's reply lands before the next card, so each click is timed on a quiet bot.
    await s.api.idle(100, WAIT_MS);
  }
  return out;
}
