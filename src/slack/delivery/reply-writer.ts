// Writes one model reply to Slack: streamed while the model writes (in threads, where Slack allows a
// stream), otherwise — or when the stream expires or runs too long — posted, then updated in place. Tool calls show
// as task updates in the stream, or as one compact steps message where there is no stream.
import type { KnownBlock } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { AnyChunk } from "@slack/types";
import type { ToolCallEnd, ToolCallStart } from "../../agent/agent-types.ts";
import { taskChunk } from "../blocks/tool-steps.ts";
import { replyMessages } from "../blocks/reply.ts";
import { SlackMarkdownStream } from "../blocks/slack-markdown.ts";
import type { Message } from "../blocks/kit.ts";
import type { Logger } from "../../logger.ts";
import { SlackDelivery } from "./delivery.ts";
import type { Place } from "./place.ts";
import { ToolProgress } from "./tool-progress.ts";

type Streamer = ReturnType<WebClient["chatStream"]>;

/** The footer under the last message (within the block limit: a reply is a few blocks). */
const withFooter = (messages: Message[], footer: readonly KnownBlock[]): Message[] =>
  footer.length ? messages.map((m, i) => (i === messages.length - 1 ? { ...m, blocks: [...m.blocks, ...footer] } : m)) : messages;

export class ReplyWriter {
  private streamer: Streamer | undefined;
  private streamBroken = false;
  /** Streamed text gets the posted text's conversion and mention neutralisation, a complete line at a time. */
  private markdown = new SlackMarkdownStream();
  private receivedAny = false;
  /** Whether the stream carries any of the answer's text (a stream of task updates only does not). */
  private streamedText = false;
  private progress: ToolProgress | undefined;
  /** Every post of this reply (and the cards and notes of its outcome) degrades instead of being lost. */
  readonly delivery: SlackDelivery;

  constructor(
    private readonly client: WebClient,
    private readonly place: Place,
    private readonly recipient: { userId: string; teamId: string },
    private readonly logger: Logger,
    private readonly streaming = true,
  ) {
    this.delivery = new SlackDelivery(client, logger, recipient.userId || undefined);
  }

  private get canStream(): boolean {
    return this.streaming && !!this.place.threadTs && !this.streamBroken;
  }

  /** Model text as it arrives. */
  async onDelta(delta: string): Promise<void> {
    if (!this.canStream || !delta) return;
    this.receivedAny = true;
    const text = this.markdown.push(delta);
    if (!text) return;
    await this.appendText(text);
  }

  private async appendText(text: string): Promise<void> {
    if (await this.append({ markdown_text: text })) this.streamedText = true;
  }

  /** A tool call starts or ends: a task update in the stream, or a line of the steps message where there is none. */
  async onTool(call: ToolCallStart | ToolCallEnd): Promise<void> {
    if (this.canStream) {
      await this.flushHeld(); // the text before the step shows before it
      if (await this.append({ chunks: [taskChunk(call)] })) return;
    }
    this.progress ??= new ToolProgress(this.client, this.place, this.logger);
    await this.progress.show(call);
  }

  /** Appends to the stream (started on first use); false when there is no healthy stream. */
  private async append(content: { markdown_text: string } | { chunks: AnyChunk[] }): Promise<boolean> {
    if (!this.canStream) return false;
    try {
      this.streamer ??= this.client.chatStream({
        channel: this.place.channel,
        thread_ts: this.place.threadTs!,
        recipient_user_id: this.recipient.userId,
        recipient_team_id: this.recipient.teamId,
        // Tasks appear one by one, where they happened between the streamed text.
        task_display_mode: "timeline",
      });
      await this.streamer.append(content);
      return true;
    } catch (error) {
      this.breakStream(error);
      return false;
    }
  }

  /** A new model step starts: keep steps apart in the streamed text. */
  async onStep(): Promise<void> {
    if (this.receivedAny) await this.onDelta("\n\n");
  }

  /** The model call is retried: what was streamed is replaced by the final reply. */
  onRetry(): void {
    if (this.streamer) this.streamBroken = true;
    this.markdown = new SlackMarkdownStream(); // the failed attempt's held line is not part of the answer
  }

  private breakStream(error: unknown) {
    this.streamBroken = true;
    this.logger.warn({ err: error, channel: this.place.channel }, "slack.stream.fallback");
  }

  /** Sends the line still held back by the markdown conversion, before the stream stops. */
  private async flushHeld(): Promise<void> {
    const rest = this.markdown.flush();
    if (rest && this.canStream) await this.appendText(rest);
  }

  /** Ends a live stream as it stands (a stopped turn keeps what it had streamed); what follows is posted. */
  async endStream(): Promise<void> {
    if (!this.streamer || this.streamBroken) return;
    await this.flushHeld();
    try {
      await this.streamer.stop();
    } catch (error) {
      this.logger.warn({ err: error }, "slack.stream.stop_failed");
    }
    this.streamBroken = true;
  }

  /**
   * Finishes the reply: stops a healthy stream, or posts (and updates a broken stream's message). `footer`: blocks
   * closing the answer (its 👍/👎), on the stream's stop or under the last message.
   */
  async finish(text: string, notices: readonly string[] = [], footer: readonly KnownBlock[] = []): Promise<void> {
    // A short answer may still be held whole (no line ended yet): it starts the stream now.
    if (this.canStream) await this.flushHeld();
    if (this.streamer && !this.streamBroken) {
      try {
        await this.streamer.stop(footer.length && this.streamedText ? { blocks: [...footer] } : undefined);
        // A stream of task updates only: the answer itself is posted below it, as a posted reply is.
        if (!this.streamedText) return await this.post(withFooter(replyMessages(text, notices), footer));
        if (notices.length) await this.post(replyMessages(notices.join("\n"), []));
        return;
      } catch (error) {
        this.breakStream(error);
      }
    }
    const messages = withFooter(replyMessages(text, notices), footer);
    const streamTs = this.streamer?.ts;
    if (streamTs) {
      // The stream left a message behind: turn it into the full reply instead of posting a second one.
      try {
        await this.client.chat.update({ channel: this.place.channel, ts: streamTs, text: messages[0]!.text, blocks: messages[0]!.blocks });
        await this.post(messages.slice(1));
        return;
      } catch (error) {
        this.logger.warn({ err: error }, "slack.stream.update_failed");
      }
    }
    await this.post(messages);
  }

  async post(messages: readonly Message[]): Promise<void> {
    await this.delivery.post(this.place, messages, { what: "reply" });
  }
}
