// The Web API side of the fake Slack: a fetch that answers every Web API and response_url call as Slack would
// (or as a test says), records it, and lets a test read back what the app sent. The event side is fake-transport.ts.
import { randomBytes } from "node:crypto";

export interface RecordedCall {
  /** Web API method ("chat.postMessage") or "respond" for a response_url POST. */
  method: string;
  args: Record<string, unknown>;
  /** What the fake answered (the ts of a posted message is here). */
  response?: Record<string, unknown>;
  at: number;
}

/** A workspace member's profile in the fake Slack; `email` undefined as without the users:read.email scope. */
export interface FakeProfile {
  realName: string;
  displayName?: string;
  email?: string;
}

type Responder = (args: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** Slack's Web API answers with 200 and { ok: false, error } for most failures. */
export const slackError = (error: string) => ({ ok: false, error });

/** Slack's answer to a rate-limited call: HTTP 429, Retry-After in seconds, and { ok: false, error: "ratelimited" }. */
export const slackRateLimited = (retryAfterSeconds: number) => ({
  ok: false,
  error: "ratelimited",
  __status: 429,
  __headers: { "retry-after": String(retryAfterSeconds) },
});

/** An answer that never comes: the call hangs until the caller's signal aborts it or the test releases it. */
export const slackHangs = () => ({ __hang: true });

let tsCounter = 0;
// Event ids and message timestamps are unique across processes too, as Slack's are across a workspace: the console
// keeps its de-duplication receipts (keyed by event id and client message id) in a database that outlives the process,
// so ids that restarted at 1 made every later session drop its first DMs and Home opens as "already seen".
export const processTag = randomBytes(4).toString("hex").toUpperCase();
let eventIdCounter = 0;
/** An event id unique across processes ("Ev<process tag><n>"). */
export const newEventId = () => `Ev${processTag}${String(++eventIdCounter).padStart(6, "0")}`;
const startSeconds = Math.floor(Date.now() / 1000);
export const nextTs = () => {
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

export class FakeSlackWebApi {
  readonly calls: RecordedCall[] = [];
  readonly teamId = "T0MAESTRO";
  private readonly overrides = new Map<string, Responder[]>();
  /** Ephemeral messages that were clicked: Slack refuses chat.update on them (only response_url can replace them). */
  protected readonly ephemeralTs = new Set<string>();
  /** Numbers views, response_urls and trigger_ids. */
  protected eventCounter = 0;
  /** When set, Web API responses carry them in `x-oauth-scopes`, as Slack's do. */
  grantedScopes: string[] | undefined;

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
    const rule = this.rules.find((r) => r.method === method && r.when(args));
    const responder = rule ? () => rule.answer : queue?.length ? queue.shift()! : undefined;
    const answer = responder ? await responder(args) : this.defaultResponse(method, args);
    if (answer.__hang) await this.hang(init?.signal ?? undefined);
    const { __status, __headers, ...body } = answer;
    call.response = body;
    // Slack reports the token's scopes on every Web API response.
    const headers: Record<string, string> = {
      ...(isWebApi && this.grantedScopes ? { "x-oauth-scopes": this.grantedScopes.join(",") } : {}),
      ...(__headers as Record<string, string> | undefined),
    };
    if (typeof __status === "number") return new Response(JSON.stringify(body), { status: __status, headers });
    return Response.json(body, { headers });
  };

  private readonly hung = new Set<(error: Error) => void>();

  private hang(signal: AbortSignal | undefined): Promise<never> {
    return new Promise((_, reject) => {
      const fail = (error: Error) => {
        this.hung.delete(fail);
        reject(error);
      };
      this.hung.add(fail);
      signal?.addEventListener("abort", () => fail(signal.reason instanceof Error ? signal.reason : new Error("aborted")));
    });
  }

  /** Ends every hanging call (as a dropped connection), so a test leaves nothing pending behind it. */
  releaseHung(): void {
    for (const fail of [...this.hung]) fail(new Error("FakeSlack: hanging call released"));
  }

  private readonly rules: { method: string; answer: Record<string, unknown>; when: (args: Record<string, unknown>) => boolean }[] = [];

  /**
   * Every later call of `method` that `when` matches gets `answer` until reset() — a channel the bot was removed from,
   * a message Slack will not update — ahead of any queued answer.
   */
  respondAlways(method: string, answer: Record<string, unknown>, when: (args: Record<string, unknown>) => boolean = () => true): this {
    this.rules.push({ method, answer, when });
    return this;
  }

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
      case "chat.getPermalink":
        return {
          ok: true,
          channel,
          permalink: `https://studio.slack.test/archives/${channel}/p${String(args.message_ts ?? "").replace(".", "")}`,
        };
      case "views.open":
      case "views.publish":
      case "views.update":
        return { ok: true, view: { id: `V0${++this.eventCounter}` } };
      case "users.info":
        return this.userInfo(String(args.user));
      case "auth.test":
        return { ok: true, user_id: "U0MAESTROBOT", user: "maestro", bot_id: "B0MAESTRO", team_id: this.teamId, team: "Studio" };
      case "assistant.threads.setStatus":
      case "assistant.threads.setTitle":
        return { ok: true };
      case "respond":
        return { ok: true };
      default:
        return { ok: true };
    }
  }

  /** Workspace members as users.info shows them; anyone else gets a profile made up from their id. */
  readonly profiles = new Map<string, FakeProfile>();

  /** Sets what users.info says of `user` (their real name, display name and email). */
  setProfile(user: string, profile: FakeProfile): this {
    this.profiles.set(user, profile);
    return this;
  }

  /** users.info as Slack answers it (users:read; the email only with users:read.email): names at the top and in `profile`. */
  private userInfo(user: string): Record<string, unknown> {
    const known = this.profiles.get(user);
    const realName = known?.realName ?? `User ${user}`;
    const email = known ? known.email : `${user.toLowerCase()}@workspace.slack.test`;
    return {
      ok: true,
      user: {
        id: user,
        team_id: this.teamId,
        name: user.toLowerCase(),
        deleted: false,
        real_name: realName,
        tz: "Europe/London",
        is_bot: false,
        profile: {
          real_name: realName,
          display_name: known?.displayName ?? "",
          ...(email ? { email } : {}),
          team: this.teamId,
        },
      },
    };
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

  /** The thread statuses set, in order ("" is a clear), optionally of one thread. */
  statuses(threadTs?: string): string[] {
    return this.callsOf("assistant.threads.setStatus")
      .filter((c) => threadTs === undefined || c.args.thread_ts === threadTs)
      .map((c) => String(c.args.status));
  }

  /**
   * The text of every reply as a person reads it, in order: each posted message's text, each stream as the one message it
   * becomes. A call Slack refused shows nothing, so a reply lost to a refused post or stream is missing here.
   */
  replyTexts(): string[] {
    const texts: string[] = [];
    const streams = new Map<string, number>();
    const markdown = (args: Record<string, unknown>) =>
      Array.isArray(args.chunks)
        ? (args.chunks as { type: string; text?: string }[]).map((c) => (c.type === "markdown_text" ? (c.text ?? "") : "")).join("")
        : String(args.markdown_text ?? "");
    for (const call of this.calls) {
      if (call.response?.ok === false) continue;
      if (call.method === "chat.postMessage") texts.push(String(call.args.text ?? ""));
      else if (call.method === "chat.startStream") {
        streams.set(String(call.response?.ts), texts.length);
        texts.push(markdown(call.args));
      } else if (call.method === "chat.appendStream" || call.method === "chat.stopStream") {
        const at = streams.get(String(call.args.ts));
        if (at !== undefined) texts[at] += markdown(call.args);
      }
    }
    return texts;
  }

  /** Every task_update chunk streamed (start, append, stop), in order. */
  taskUpdates(): { id: string; title: string; status: string; output?: string }[] {
    return this.calls
      .filter((c) => c.method.startsWith("chat.") && c.method.endsWith("Stream") && Array.isArray(c.args.chunks))
      .flatMap((c) => c.args.chunks as { type: string; id: string; title: string; status: string; output?: string }[])
      .filter((chunk) => chunk.type === "task_update")
      .map(({ type: _type, ...chunk }) => chunk);
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
    this.releaseHung();
    this.calls.length = 0;
    this.overrides.clear();
    this.rules.length = 0;
  }
}
