// The one way Maestro's messages reach Slack: a refused message degrades to a simpler one, a rate limit is waited out
// as Slack asks (within a bound), and a refused place sends the person their answer by DM with a note saying where it
// was meant to go. Every degradation is logged; a message that reaches nobody is logged as lost.
import type { WebClient } from "@slack/web-api";
import { plainTextParts, reroutedNote } from "../blocks/fallback-messages.ts";
import type { Message } from "../blocks/kit.ts";
import type { Logger } from "../../logger.ts";
import { inThread, type Place } from "./place.ts";
import { classifySlackError, type SlackFailure } from "./slack-errors.ts";

/** The longest a delivery waits out Slack's rate limits in total before it gives up on the place (and tries the DM). */
export const RATE_WAIT_BUDGET_MS = 30_000;

/** The pause before the one retry of a call that failed in transit (a timeout, a dropped connection, a 5xx). */
const TRANSIENT_PAUSE_MS = 500;

/** What is being delivered, for the log. */
export type DeliveryWhat = "reply" | "card" | "notice" | "card_update";

/** Where a delivery's first message landed, and in which form. */
export interface Delivered {
  channel: string;
  ts: string;
  /** true when the place failed and the person got it by DM instead. */
  rerouted: boolean;
  /** `full` as written; `simpler` the caller's simpler form; `text` plain text without blocks. */
  form: "full" | "simpler" | "text";
}

export interface PostOptions {
  what: DeliveryWhat;
  /** A simpler form of a message Slack refused as written (a card keeps its buttons here); tried before plain text. */
  simpler?: (message: Message) => Message | undefined;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; failure: SlackFailure };

/** A plain-text form is posted without blocks (an update sends `[]`, which clears the old ones). */
const blocksOf = (form: Message) => (form.blocks.length ? { blocks: form.blocks } : {});

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SlackDelivery {
  private rateWaitedMs = 0;

  /** `recipient`: the Slack user the delivery is for (their DM is the way round a failing place); none for nobody's. */
  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
    private readonly recipient?: string,
    private readonly sleep: (ms: number) => Promise<void> = defaultSleep,
  ) {}

  /** Posts `messages` in order at `place`; returns where the first one landed, or undefined when it reached nobody. */
  async post(place: Place, messages: readonly Message[], options: PostOptions): Promise<Delivered | undefined> {
    let first: Delivered | undefined;
    for (const [i, message] of messages.entries()) {
      const sent = await this.postOne(place, message, options);
      if (!sent.ok) return (await this.reroute(place, messages.slice(i), sent.failure, options)) ?? first;
      first ??= sent.value;
    }
    return first;
  }

  /** Posts to the recipient's DM (a notice that has no other place). */
  async toDm(messages: readonly Message[], options: PostOptions): Promise<Delivered | undefined> {
    const dm = await this.openDm();
    if (!dm) {
      this.lost(undefined, { kind: "other", code: "no_dm" }, options);
      return undefined;
    }
    return this.post({ channel: dm }, messages, options);
  }

  /** Replaces a posted message; a refused one is tried simpler. Returns false (logged) when Slack kept the old one. */
  async update(where: { channel: string; ts: string }, message: Message, options: PostOptions): Promise<boolean> {
    const sent = await this.inForms(
      message,
      options,
      (form) => this.attempt(() => this.client.chat.update({ channel: where.channel, ts: where.ts, text: form.text, blocks: form.blocks })),
      true,
    );
    if (sent.ok) return true;
    this.logger.warn({ what: options.what, channel: where.channel, code: sent.failure.code }, "slack.delivery.update_failed");
    return false;
  }

  private async postOne(place: Place, message: Message, options: PostOptions): Promise<Attempt<Delivered>> {
    const sent = await this.inForms(message, options, async (form) => {
      const posted = await this.attempt(() =>
        this.client.chat.postMessage({ channel: place.channel, ...inThread(place), text: form.text, ...blocksOf(form) }),
      );
      return posted.ok
        ? { ok: true as const, value: { channel: posted.value.channel ?? place.channel, ts: posted.value.ts ?? "" } }
        : posted;
    });
    if (!sent.ok) return sent;
    if (sent.form !== "full")
      this.logger.warn({ what: options.what, channel: place.channel, form: sent.form }, "slack.delivery.simplified");
    return { ok: true, value: { ...sent.value, rerouted: false, form: sent.form } };
  }

  /**
   * The message as written; when Slack refuses its content, the caller's simpler form, then plain text in parts (only the
   * first part when the form replaces one message).
   */
  private async inForms<T>(
    message: Message,
    options: PostOptions,
    send: (form: Message) => Promise<Attempt<T>>,
    oneMessage = false,
  ): Promise<(Attempt<T> & { ok: false }) | { ok: true; value: T; form: Delivered["form"] }> {
    const full = await send(message);
    if (full.ok) return { ...full, form: "full" };
    if (full.failure.kind !== "content") return full;
    this.logger.warn({ what: options.what, code: full.failure.code }, "slack.delivery.refused_content");
    const simpler = options.simpler?.(message);
    if (simpler) {
      const sent = await send(simpler);
      if (sent.ok) return { ...sent, form: "simpler" };
      if (sent.failure.kind !== "content") return sent;
    }
    let first: T | undefined;
    const parts = plainTextParts(message);
    for (const part of oneMessage ? parts.slice(0, 1) : parts) {
      const sent = await send(part);
      if (!sent.ok) return sent;
      first ??= sent.value;
    }
    return { ok: true, value: first as T, form: "text" };
  }

  /**
   * One call, with Slack's rate limits waited out within the delivery's budget and one more try after a failure in
   * transit. This is the one retry layer for these calls (the client makes a single attempt: web-client-policy.ts);
   * a second transit failure counts as the place failing.
   */
  private async attempt<T>(call: () => Promise<T>): Promise<Attempt<T>> {
    let retriedTransient = false;
    for (;;) {
      try {
        return { ok: true, value: await call() };
      } catch (error) {
        const failure = classifySlackError(error);
        if (failure.kind === "rate" && this.rateWaitedMs + (failure.retryAfterMs ?? 0) <= RATE_WAIT_BUDGET_MS) {
          this.logger.info({ retryAfterMs: failure.retryAfterMs }, "slack.delivery.rate_limited");
          this.rateWaitedMs += failure.retryAfterMs ?? 0;
          await this.sleep(failure.retryAfterMs ?? 0);
          continue;
        }
        if (failure.kind === "transient" && !retriedTransient) {
          retriedTransient = true;
          await this.sleep(TRANSIENT_PAUSE_MS);
          continue;
        }
        return { ok: false, failure };
      }
    }
  }

  /** The place refused (or kept failing): the rest goes to the recipient's DM, after a note saying where it was meant to go. */
  private async reroute(place: Place, rest: readonly Message[], failure: SlackFailure, options: PostOptions) {
    const dm = await this.openDm();
    if (!dm || dm === place.channel) return this.lost(place, failure, options);
    this.logger.warn({ what: options.what, channel: place.channel, code: failure.code, to: dm }, "slack.delivery.rerouted");
    const note = await this.postOne({ channel: dm }, reroutedNote(place, failure.code), { what: "notice" });
    if (!note.ok) return this.lost(place, note.failure, options);
    let first: Delivered | undefined;
    for (const message of rest) {
      const sent = await this.postOne({ channel: dm }, message, options);
      if (!sent.ok) return this.lost({ channel: dm }, sent.failure, options) ?? first;
      first ??= { ...sent.value, rerouted: true };
    }
    return first;
  }

  private async openDm(): Promise<string | undefined> {
    if (!this.recipient) return undefined;
    const opened = await this.attempt(() => this.client.conversations.open({ users: this.recipient! }));
    if (opened.ok) return opened.value.channel?.id;
    this.logger.warn({ code: opened.failure.code }, "slack.delivery.dm_unavailable");
    return undefined;
  }

  private lost(place: Place | undefined, failure: SlackFailure, options: PostOptions): undefined {
    this.logger.error(
      { what: options.what, channel: place?.channel, code: failure.code, recipient: this.recipient },
      "slack.delivery.lost",
    );
    return undefined;
  }
}
