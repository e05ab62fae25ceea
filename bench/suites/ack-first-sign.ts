// DM → first visible sign: a top-level DM, one at a time on a quiet bot with an instant model, timed to its ack (the
// HTTP 200) and to the first thing the person sees in its thread (the status, the stream's start or a post), both read
// on this process's clock. The sign is what tells the person Maestro is on it; the aim is within 1.5× the ack.
import { randomInt } from "node:crypto";
import type { LoadRequest } from "../load/load-generator.ts";
import { sendSigned } from "../load/send-signed.ts";
import { directMessage } from "../load/slack-requests.ts";
import type { ClickSetup } from "./ack-clicks.ts";

export interface FirstSignSamples {
  /** Each DM's own HTTP response (the ack). */
  ack: number[];
  /** To the first status, stream start or post in the DM's thread arriving at the fake Slack API. */
  firstSign: number[];
}

const WAIT_MS = 30_000;

/** A top-level DM with a ts of its own (its thread's ts: where its session is answered), unlike any other DM of the run. */
function dmWithTs(user: string, eventId: string, ts: string): LoadRequest {
  const request = directMessage(user, "hello, anything new?", eventId);
  const body = JSON.parse(request.body) as { event: { ts: string; event_ts: string } };
  body.event.ts = body.event.event_ts = ts;
  return { ...request, body: JSON.stringify(body) };
}

export async function measureFirstSign(s: ClickSetup, dms: number): Promise<FirstSignSamples> {
  const out: FirstSignSamples = { ack: [], firstSign: [] };
  for (let i = 0; i < dms; i++) {
    const user = s.users[i % s.users.length]!;
    const ts = `${Math.floor(Date.now() / 1000) + 1}.${String(randomInt(1_000_000)).padStart(6, "0")}`;
    const sign = s.api.firstSigns.wait(ts, WAIT_MS);
    sign.catch(() => undefined); // awaited below; a refused DM must not leave it unhandled meanwhile
    const sent = await sendSigned(s.baseUrl, dmWithTs(user, `EvS${s.run}${i}`, ts), s.signingSecret);
    if (sent.status !== 200) throw new Error(`the DM was answered ${sent.status}`);
    out.ack.push(sent.ms);
    out.firstSign.push((await sign) - sent.sentAt);
    // Its answer lands before the next DM, so each is timed on a quiet bot.
    await s.api.idle(100, WAIT_MS);
  }
  return out;
}
