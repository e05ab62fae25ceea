// The App Home: the Home tab shows the operator snapshot; the Messages tab gets suggested prompts.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { homeView } from "../../blocks/home.ts";
import { suggestedPrompts } from "../../blocks/reply.ts";
import { buildHomeSnapshot } from "../../home-snapshot.ts";
import { personOf, type Surface } from "../../surface.ts";
import { timeOptions } from "../../tool-calls.ts";

type HomeArgs = SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs;

export async function publishHome(
  surface: Surface,
  client: AllMiddlewareArgs["client"],
  person: ReturnType<typeof personOf>,
  slackUserId: string,
) {
  const snapshot = await buildHomeSnapshot(surface, person, slackUserId);
  await client.views.publish({ user_id: slackUserId, view: homeView(snapshot, timeOptions(surface)) });
}

export const homeOpened =
  (surface: Surface) =>
  async ({ event, client, context }: HomeArgs) => {
    if (event.tab === "messages") {
      // Agent apps: no thread_ts (it would make the call fail silently); prompts attach to the latest message.
      await client.assistant.threads
        .setSuggestedPrompts({ channel_id: event.channel, prompts: suggestedPrompts() } as never)
        .catch((error: unknown) => surface.logger.warn({ err: error }, "slack.prompts.failed"));
      return;
    }
    await publishHome(surface, client, personOf(context), event.user);
  };
