// A fake Slack for tests, evals and the local console: a Receiver that injects events, commands, clicks and
// view submissions into the real Bolt App, and a fetch that answers and records every Web API and
// response_url call. Nothing of our own code is replaced: Slack is faked only at its HTTP boundary.
// (Production code runs it in `maestro console`, hence its place here rather than in src/testing/.)
import { randomBytes } from "node:crypto";
import type { App, Receiver, ReceiverEvent } from "@slack/bolt";

export interface RecordedCall {
  /** Web API method ("chat.postMessage") or "respond" for a response_url POST. */
  method: string;
  args: Record<string, unknown>;
  /** What the fake answered (the ts of a posted message is here). */
  response?: Record<string, unknown>;
  at: number;
}

export interface Ack {
  acked: boolean;
  /** ms from dispatch to ack */
  ackMs: number | null;
  response: unknown;
}

type Responder = (args: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** Slack's Web API answers with 200 and { ok: false, error } for most failures. */
export const slackError = (error: string) => ({ ok: false, error });

let tsCounter = 0;
// Event ids and message timestamps are unique across processes too, as Slack's are across a workspace: the console
// keeps its de-duplication receipts (keyed by event id and client message id) in a database that outlives the process,
// so ids that restarted at 1 made every later session drop its first DMs and Home opens as "already seen".
const processTag = randomBytes(4).toString("hex").toUpperCase();
let eventIdCounter = 0;
const startSeconds = Math.floor(Date.now() / 1000);
const nextTs = () => {
  tsCounter++;
  // "<seconds>.<micro>" as Slack's: seconds of this process's clock, never behind an earlier ts of this process.
  const seconds = Math.max(Math.floor(Date.now() / 1000), startSeconds + Math.floor(tsCounter / 1_000_000));
  return `${seconds}.${String(tsCounter % 1_000_000).padStart(6, "0")}`;
};

function parseFormBody(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const looksJson = (value.startsWith("[") && value.endsWith("]")) || (value.startsWith("{") && value.endsWith("}"));
    if (looksJson) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // plain text that merely looks like JSON
      }
    }
    out[key] = value;
  }
  return out;
}

export class FakeSlack implements Receiver {
  readonly calls: RecordedCall[] = [];
  readonly teamId = "T0MAESTRO";
  private app: App | undefined;
  private readonly overrides = new Map<string, Responder[]>();
  private readonly pending = new Set<Promise<unknown>>();
  /** Ephemeral messages that were clicked: Slack refuses chat.update on them (only response_url can replace them). */
  private readonly ephemeralTs = new Set<string>();
  private eventCounter = 0;
  /** When set, Web API responses carry them in `x-oauth-scopes`, as Slack's do. */
  grantedScopes: string[] | undefined;

  // ── Receiver ────────────────────────────────────────────────────────────────
  init(app: App): void {
    this.app = app;
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  // ── the transport the WebClient and respond() use ───────────────────────────
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.toString() : input.url;
    const raw = typeof init?.body === "string" ? init.body : init?.body ? String(init.body) : "";
    const isWebApi = url.includes("/api/");
    const method = isWebApi ? url.slice(url.lastIndexOf("/api/") + 5).split("?")[0]! : "respond";
    const args = isWebApi ? parseFormBody(raw) : { response_url: url, ...(raw ? (JSON.parse(raw) as Record<string, unknown>) : {}) };
    const call: RecordedCall = { method, args, at: Date.now() };
    this.calls.push(call);
    const queue = this.overrides.get(method);
    const responder = queue?.length ? queue.shift()! : undefined;
    const body = responder ? await responder(args) : this.defaultResponse(method, args);
    call.response = body;
    // Slack reports the token's scopes on every Web API response.
    const headers: Record<string, string> = isWebApi && this.grantedScopes ? { "x-oauth-scopes": this.grantedScopes.join(",") } : {};
    if (typeof body.__status === "number") return new Response(JSON.stringify(body), { status: body.__status as number, headers });
    return Response.json(body, { headers });
  };

  /** The next call(s) of `method` get these answers instead of the default (e.g. slackError("msg_too_long")). */
  respondTo(method: string, ...responders: (Responder | Record<string, unknown>)[]): this {
    const queue = this.overrides.get(method) ?? [];
    for (const r of responders) queue.push(typeof r === "function" ? r : () => r);
    this.overrides.set(method, queue);
    return this;
  }

  private defaultResponse(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const channel = (args.channel as string) ?? "C0FAKE";
    switch (method) {
      case "chat.postMessage":
      case "chat.startStream":
        return { ok: true, channel, ts: nextTs(), message: { text: args.text, blocks: args.blocks } };
      case "chat.update":
        if (this.ephemeralTs.has(String(args.ts))) return slackError("message_not_found");
        return { ok: true, channel, ts: args.ts ?? nextTs() };
      case "chat.appendStream":
      case "chat.stopStream":
        return { ok: true, channel, ts: args.ts ?? nextTs() };
      case "chat.postEphemeral":
        return { ok: true, message_ts: nextTs() };
      case "conversations.open":
        return { ok: true, channel: { id: `D0${String(args.users ?? "USER").replace(/\W/g, "")}` } };
      case "views.open":
      case "views.publish":
      case "views.update":
        return { ok: true, view: { id: `V0${++this.eventCounter}` } };
      case "users.info":
        return {
          ok: true,
          user: { id: args.user, name: String(args.user).toLowerCase(), real_name: `User ${String(args.user)}`, tz: "Europe/London" },
        };
      case "auth.test":
        return { ok: true, user_id: "U0MAESTROBOT", user: "maestro", bot_id: "B0MAESTRO", team_id: this.teamId, team: "Studio" };
      case "respond":
        return { ok: true };
      default:
        return { ok: true };
    }
  }

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
      event_id: eventId ?? `Ev${processTag}${String(++eventIdCounter).padStart(6, "0")}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: this.teamId, user_id: "U0MAESTROBOT", is_bot: true }],
      event,
    };
  }

  /** A direct message from `user` (top level unless threadTs is given). */
  dm(
    user: string,
    text: string,
    options: { channel?: string; threadTs?: string; eventId?: string; retryNum?: number; clientMsgId?: string } = {},
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
    button: { action_id: string; value?: string; block_id?: string },
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
        { type: "button", action_id: button.action_id, block_id: button.block_id ?? "b", value: button.value, action_ts: nextTs() },
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

  // ── reading what the app sent ───────────────────────────────────────────────
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages posted (chat.postMessage / postEphemeral / respond) whose text or blocks match. */
  posted(match?: RegExp): RecordedCall[] {
    return this.calls.filter(
      (c) =>
        [
          "chat.postMessage",
          "chat.postEphemeral",
          "respond",
          "chat.update",
          "chat.stopStream",
          "chat.appendStream",
          "chat.startStream",
        ].includes(c.method) &&
        (!match || match.test(JSON.stringify(c.args))),
    );
  }

  /** Every button in every recorded message/view, with where it was. */
  buttons(): { action_id: string; value?: string; text: string; channel?: string; ts?: string; method: string }[] {
    const found: { action_id: string; value?: string; text: string; channel?: string; ts?: string; method: string }[] = [];
    const walk = (node: unknown, call: RecordedCall) => {
      if (Array.isArray(node)) return node.forEach((n) => walk(n, call));
      if (!node || typeof node !== "object") return;
      const n = node as Record<string, unknown>;
      if (n.type === "button" && typeof n.action_id === "string") {
        found.push({
          action_id: n.action_id,
          value: n.value as string | undefined,
          text: String((n.text as { text?: string })?.text ?? ""),
          channel: (call.args.channel ?? call.response?.channel) as string | undefined,
          ts: (call.args.ts ?? call.response?.ts) as string | undefined,
          method: call.method,
        });
      }
      Object.values(n).forEach((v) => walk(v, call));
    };
    for (const call of this.calls) walk(call.args, call);
    return found;
  }

  reset(): void {
    this.calls.length = 0;
    this.overrides.clear();
  }
}
