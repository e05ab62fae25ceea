// The thread's status line while Maestro works on a turn (assistant.threads.setStatus, which takes chat:write and works in
// DM and channel threads): loading messages while the model thinks, the step's words while a tool runs, re-armed before
// Slack drops it (about 2 minutes), cleared when the answer lands. Never holds up the turn: each call has the client's
// deadline and runs behind the previous one (so a late "thinking" never lands after the clear), and a failure is logged.
import type { WebClient } from "@slack/web-api";
import type { Surface } from "../surface.ts";

/** Rotated by Slack while the model thinks (at most 10). */
export const LOADING_MESSAGES = [
  "Reading your question…",
  "Looking through the studio's records…",
  "Thinking it over…",
  "Putting the answer together…",
] as const;
export const THINKING_STATUS = "is thinking…";
export const WAITING_STATUS = "Waiting for your confirmation";
/** Slack drops a status about 2 minutes after it was set: set it again before. */
export const STATUS_REARM_MS = 90_000;

interface Status {
  status: string;
  loading?: readonly string[];
}

export class ThreadStatus {
  private chain: Promise<void> = Promise.resolve();
  private current: Status = { status: "" };
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly surface: Surface,
    private readonly client: WebClient,
    private readonly place: { channel: string; threadTs: string },
    private readonly rearmMs = STATUS_REARM_MS,
  ) {}

  /** The model is working: Slack rotates the loading messages. */
  thinking(): void {
    this.set({ status: THINKING_STATUS, loading: LOADING_MESSAGES });
  }

  /** A step in the person's words ("Checking the intake queue…"). */
  step(text: string): void {
    this.set({ status: text, loading: [text] });
  }

  /** The run is paused on a card: said once, not re-armed (a paused run has no process behind it and may wait a day). */
  waiting(): void {
    this.set({ status: WAITING_STATUS, loading: [WAITING_STATUS] });
    this.close();
  }

  /** The answer landed: the status goes (once, and only if one was set). */
  clear(): void {
    if (this.current.status) this.set({ status: "" });
    this.close();
  }

  /** Stops re-arming without touching the status (a queued message: the thread's running turn owns it). */
  detach(): void {
    this.close();
  }

  /** Sends are chained: wait for them (tests, shutdown) without ever holding up the turn itself. */
  settled(): Promise<void> {
    return this.chain;
  }

  private close() {
    this.closed = true;
    clearInterval(this.timer);
  }

  private set(next: Status) {
    if (this.closed || next.status === this.current.status) return;
    this.current = next;
    this.send(next);
    if (!next.status) return;
    clearInterval(this.timer);
    this.timer = setInterval(() => this.send(this.current), this.rearmMs);
    this.timer.unref();
  }

  private send({ status, loading }: Status) {
    const args = {
      channel_id: this.place.channel,
      thread_ts: this.place.threadTs,
      status,
      ...(loading?.length ? { loading_messages: [...loading].slice(0, 10) } : {}),
    };
    this.chain = this.chain.then(() =>
      this.client.assistant.threads.setStatus(args).then(
        () => undefined,
        (error: unknown) => this.surface.logger.warn({ err: error, channel: this.place.channel }, "slack.status.failed"),
      ),
    );
    this.surface.track(this.chain);
  }
}
