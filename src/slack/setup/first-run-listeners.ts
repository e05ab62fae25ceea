// The Home tab's first-run buttons, for admins: add a teammate (a modal, then `/maestro staff add` as the admin),
// create the website's API key (shown once in a modal), how to set the digest channel. The Home tab is published
// again after a change, so the step shows as done.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { createApiKey } from "../../domain/api-keys/api-key-service.ts";
import { DomainError } from "../../domain/errors.ts";
import { apiKeyCreatedBlocks } from "../blocks/api-keys.ts";
import { addTeammateModal, apiKeyShownModal, digestHowToModal, readAddTeammate } from "../blocks/home-first-run.ts";
import { noticeBlocks } from "../blocks/notice.ts";
import { SlackDelivery } from "../delivery/delivery.ts";
import { publishHome } from "../listeners/events/home-opened.ts";
import { staffCommand } from "../staff/staff-command.ts";
import { personOf, type Surface } from "../surface.ts";
import { humanActor } from "../tool-calls.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;
type Client = AllMiddlewareArgs["client"];

export const ADMIN_ONLY_SETUP_TEXT = "Only an ADMIN can set Maestro up. Ask an admin (`/maestro staff` lists them).";

const dm = (surface: Surface, client: Client, slackUserId: string, blocks: Parameters<SlackDelivery["toDm"]>[0][number]) =>
  new SlackDelivery(client, surface.logger, slackUserId).toDm([blocks], { what: "notice" });

/** Republishes the clicker's Home tab; a failure is only logged (the change itself is done). */
const refreshHome = (surface: Surface, client: Client, context: Record<string, unknown>, slackUserId: string) =>
  publishHome(surface, client, personOf(context), slackUserId).catch((error: unknown) =>
    surface.logger.warn({ err: error }, "slack.home.refresh_failed"),
  );

/** A first-run button: only for admins (others are told so in their DM). */
const adminsOnly =
  (surface: Surface, run: (args: ActionArgs) => Promise<void>) =>
  async (args: ActionArgs): Promise<void> => {
    if (!personOf(args.context).roles.includes("ADMIN")) {
      await dm(surface, args.client, args.body.user.id, noticeBlocks(ADMIN_ONLY_SETUP_TEXT, { kind: "warning" }));
      return;
    }
    await run(args);
  };

export const openAddTeammate = (surface: Surface) =>
  adminsOnly(surface, async ({ body, client }) => {
    await client.views.open({ trigger_id: body.trigger_id, view: addTeammateModal() });
  });

export const addTeammateSubmitted =
  (surface: Surface) =>
  async ({ ack, body, view, client, context }: ViewArgs) => {
    const submission = readAddTeammate(view);
    if (!submission.ok) return void (await ack({ response_action: "errors", errors: submission.errors }));
    await ack();
    // The same path as `/maestro staff add @someone ROLE`: admin check, person from their Slack profile, ADMIN gated.
    const words = ["add", `<@${submission.slackUserId}>`, submission.role];
    const answer = await staffCommand(surface, { user_id: body.user.id }, words, personOf(context), client);
    await dm(surface, client, body.user.id, answer);
    await refreshHome(surface, client, context, body.user.id);
  };

/** Creates a key named "website" (or "website 2", … when that name is live) and shows it once, in a modal. */
export const createWebsiteKey = (surface: Surface) =>
  adminsOnly(surface, async ({ body, client, context }) => {
    const actor = humanActor(personOf(context), body.user.id, "button");
    for (let n = 1; n <= 20; n++) {
      const name = n === 1 ? "website" : `website ${n}`;
      try {
        const { key, secret } = await createApiKey(surface, actor, { name });
        surface.logger.info({ apiKeyId: key.id }, "slack.api_key.created"); // never the secret
        await client.views.open({ trigger_id: body.trigger_id, view: apiKeyShownModal(apiKeyCreatedBlocks(key, secret)) });
        await refreshHome(surface, client, context, body.user.id);
        return;
      } catch (error) {
        if (error instanceof DomainError && error.code === "conflict") continue; // that name is taken: try the next
        throw error;
      }
    }
    await dm(
      surface,
      client,
      body.user.id,
      noticeBlocks("Twenty website keys are live already; `/maestro api-key list` shows them.", { kind: "warning" }),
    );
  });

export const openDigestHowTo = (surface: Surface) =>
  adminsOnly(surface, async ({ body, client }) => {
    await client.views.open({ trigger_id: body.trigger_id, view: digestHowToModal() });
  });
