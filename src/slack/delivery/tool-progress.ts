// Where a reply cannot stream (a resumed run's posted answer, a broken stream): the tool steps as one compact message,
// posted at the first step and updated in place as steps end. Best effort: a failure is logged and the answer still follows.
import type { WebClient } from "@slack/web-api";
import type { ToolCallEnd, ToolCallStart } from "../../agent/agent-types.ts";
import { toolStepsMessage, type StepLine } from "../blocks/tool-steps.ts";
import type { Logger } from "../../logger.ts";
import { inThread, type Place } from "./place.ts";

export class ToolProgress {
  private readonly steps: StepLine[] = [];
  private posted: { channel: string; ts: string } | undefined;
  private failed = false;

  constructor(
    private readonly client: WebClient,
    private readonly place: Place,
    private readonly logger: Logger,
  ) {}

  async show(call: ToolCallStart | ToolCallEnd): Promise<void> {
    if (this.failed) return;
    const at = this.steps.findIndex((s) => s.id === call.id);
    if (at >= 0) this.steps[at] = call;
    else this.steps.push(call);
    const { text, blocks } = toolStepsMessage(this.steps);
    try {
      if (this.posted) {
        await this.client.chat.update({ ...this.posted, text, blocks });
        return;
      }
      const sent = await this.client.chat.postMessage({ channel: this.place.channel, ...inThread(this.place), text, blocks });
      this.posted = { channel: sent.channel ?? this.place.channel, ts: sent.ts ?? "" };
    } catch (error) {
      // One failure ends the progress message: the answer itself goes out through delivery, which degrades.
      this.failed = true;
      this.logger.warn({ err: error, channel: this.place.channel }, "slack.tool_progress.failed");
    }
  }
}
