// A fake Slack for tests, evals and the local console: a Receiver that injects events, commands, clicks and
// view submissions into the real Bolt App, over the fake Web API (fake-web-api.ts) that answers and records every
// call. Nothing of our own code is replaced: Slack is faked only at its HTTP boundary.
// (Production code runs it in `maestro console`, and the image ships no src/testing/: hence its place here.)
import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import { FakeSlackWebApi, newEventId, nextTs, processTag } from "./fake-web-api.ts";

export { slackError, slackHangs, slackRateLimited, type RecordedCall } from "./fake-web-api.ts";

export interface Ack {
  acked: boolean;
  /** ms from dispatch to ack */
  ackMs: number | null;
  response: unknown;
}

export class FakeSlack extends FakeSlackWebApi implements Receiver {
  private app: App | undefined;
  private readonly pending = new Set<Promise<unknown>>();

  // ── Receiver ────────────────────────────────────────────────────────────────
  init(app: App): void {
    this.app = app;
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  // ── injecting Slack traffic ─────────────────────────────────────────────────
  /** Delivers a body to the app like an HTTP receiver would; resolves once the app acked. */
  async dispatch(body: Record<string, unknown>, extra: { retryNum?: number; retryReason?: string } = {}): Promise<Ack> {
    if (!this.app) throw new Error("FakeSlack: the App has not been constructed with this receiver");
    const started = performance.now();
    const ack: Ack = { acked: false, ackMs: null, response: undefined };
    let resolveAck!: () => void;
    const acked = new Promise<void>((resolve) => (resolveAck = resolve));
    const event: ReceiverEvent = {
      body,
      retryNum: extra.retryNum,
      retryReason: extra.retryReason,
      ack: async (response?: unknown) => {
        if (ack.acked) throw new Error("FakeSlack: acked twice");
        ack.acked = true;
        ack.ackMs = performance.now() - started;
        ack.response = response;
        resolveAck();
      },
    };
    const processing = this.app.processEvent(event).catch(() => undefined);
    this.track(processing);
    await Promise.race([acked, processing]);
    return ack;
  }

  private track(p: Promise<unknown>) {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Waits for listeners still running after their ack (model work, card updates). */
  async settle(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size) {
      if (Date.now() > deadline) throw new Error(`FakeSlack: ${this.pending.size} deliveries still running after ${timeoutMs} ms`);
      await Promise.race([Promise.allSettled([...this.pending]), new Promise((r) => setTimeout(r, 50))]);
    }
  }

  /** Lets the app register background work (started after ack) so settle() waits for it too. */
  trackBackground(p: Promise<unknown>): void {
    this.track(p.catch(() => undefined));
  }

  private envelope(event: Record<string, unknown>, eventId?: string) {
    return {
      token: "verification-token-unused",
      team_id: this.teamId,
      api_app_id: "A0MAESTRO",
      type: "event_callback",
      event_id: eventId ?? newEventId(),
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: this.teamId, user_id: "U0MAESTROBOT", is_bot: true }],
      event,
    };
  }

  /** A direct message from `user` (top level unless threadTs is given; with `files`, a file share carrying them). */
  dm(
    user: string,
    text: string,
    options: {
      channel?: string;
      threadTs?: string;
      eventId?: string;
      retryNum?: number;
      clientMsgId?: string;
      files?: Record<string, unknown>[];
    } = {},
  ) {
    const ts = nextTs();
    const event = {
      type: "message",
      channel_type: "im",
      channel: options.channel ?? `D0${user}`,
      user,
      text,
      ts,
      event_ts: ts,
      client_msg_id: options.clientMsgId ?? `cm-${processTag}-${ts}`,
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
      ...(options.files ? { subtype: "file_share", files: options.files, upload: false, display_as_bot: false } : {}),
    };
    return this.dispatch(this.envelope(event, options.eventId), {
      retryNum: options.retryNum,
      retryReason: options.retryNum ? "http_timeout" : undefined,
    }).then((ack) => ({ ...ack, ts, event }));
  }

  /** An @-mention of the bot in a channel. */
  mention(user: string, text: string, options: { channel?: string; threadTs?: string; eventId?: string } = {}) {
    const ts = nextTs();
    const event = {
      type: "app_mention",
      channel: options.channel ?? "C0STUDIO",
      user,
      text: `<@U0MAESTROBOT> ${text}`,
      ts,
      event_ts: ts,
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
    };
    return this.dispatch(this.envelope(event, options.eventId)).then((ack) => ({ ...ack, ts, event }));
  }

  /** Any other event exactly as given, in Slack's envelope (agent_session_stopped, a file share, a channel message). */
  event(event: Record<string, unknown>, eventId?: string) {
    return this.dispatch(this.envelope(event, eventId));
  }

  /** The user opened the app's Home or Messages tab. */
  openHome(user: string, tab: "home" | "messages" = "home") {
    return this.dispatch(this.envelope({ type: "app_home_opened", user, channel: `D0${user}`, tab, event_ts: nextTs() }));
  }

  /** `/maestro <text>` typed by `user`. */
  command(user: string, text: string, options: { channel?: string; command?: string } = {}) {
    return this.dispatch({
      token: "unused",
      team_id: this.teamId,
      team_domain: "studio",
      channel_id: options.channel ?? `D0${user}`,
      channel_name: "directmessage",
      user_id: user,
      user_name: user.toLowerCase(),
      command: options.command ?? "/maestro",
      text,
      api_app_id: "A0MAESTRO",
      response_url: `https://hooks.slack.test/commands/${this.teamId}/${++this.eventCounter}`,
      trigger_id: `trigger-${this.eventCounter}`,
    });
  }

  /** What every interactivity payload carries: the team, who acted, the app, and a fresh trigger_id (numbered). */
  private interaction(user: string) {
    return {
      team: { id: this.teamId, domain: "studio" },
      user: { id: user, username: user.toLowerCase(), team_id: this.teamId },
      api_app_id: "A0MAESTRO",
      token: "unused",
      trigger_id: `trigger-${++this.eventCounter}`,
    };
  }

  /**
   * A click on a button of a message the app posted (found by action_id in the recorded calls). An ephemeral
   * message (a response_url answer) is marked as such in the container, as Slack does: it cannot be chat.update'd.
   */
  click(
    user: string,
    /** `type`: the element clicked (a button by default; "overflow" with `selected` for a menu, "feedback_buttons"). */
    button: { action_id: string; value?: string; block_id?: string; type?: string; selected?: string },
    /** `text` and `blocks`: the message as posted, which Slack sends along with a click on a channel message. */
    message: { channel: string; ts: string; threadTs?: string; ephemeral?: boolean; text?: string; blocks?: unknown[] },
  ) {
    if (message.ephemeral) this.ephemeralTs.add(message.ts);
    return this.dispatch({
      type: "block_actions",
      ...this.interaction(user),
      container: {
        type: "message",
        message_ts: message.ts,
        channel_id: message.channel,
        is_ephemeral: message.ephemeral ?? false,
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      },
      channel: { id: message.channel, name: "channel" },
      message: {
        type: "message",
        ts: message.ts,
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
        ...(message.text !== undefined ? { text: message.text } : {}),
        ...(message.blocks ? { blocks: message.blocks } : {}),
      },
      response_url: `https://hooks.slack.test/actions/${this.teamId}/${this.eventCounter}`,
      actions: [
        {
          type: button.type ?? "button",
          action_id: button.action_id,
          block_id: button.block_id ?? "b",
          ...(button.selected !== undefined ? { selected_option: { text: { type: "plain_text", text: "" }, value: button.selected } } : {}),
          ...(button.value !== undefined ? { value: button.value } : {}),
          action_ts: nextTs(),
        },
      ],
    });
  }

  /** A click on a button inside a view (the Home tab). */
  clickInView(user: string, button: { action_id: string; value?: string; block_id?: string }, viewId = "V0HOME") {
    return this.dispatch({
      type: "block_actions",
      ...this.interaction(user),
      container: { type: "view", view_id: viewId },
      view: { id: viewId, type: "home", callback_id: "", private_metadata: "", state: { values: {} } },
      actions: [
        { type: "button", action_id: button.action_id, block_id: button.block_id ?? "b", value: button.value, action_ts: nextTs() },
      ],
    });
  }

  /** Submits a modal the app opened. */
  submitView(user: string, view: { callback_id: string; private_metadata?: string; values: Record<string, Record<string, unknown>> }) {
    return this.dispatch({
      type: "view_submission",
      ...this.interaction(user),
      view: {
        id: `V0${this.eventCounter}`,
        type: "modal",
        callback_id: view.callback_id,
        private_metadata: view.private_metadata ?? "",
        state: { values: view.values },
      },
    });
  }
}
