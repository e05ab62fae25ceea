// `/maestro staff add @someone ADMIN`: the grant is held as a pending action (the same durable, exactly-once card as a
// gated call of the agent's) that another ADMIN confirms. The card goes where other admins see it: the ops channel,
// else the digest channel, else the DM of another ADMIN. Its proposer's own click is refused by grant_role's authorize.
import { canonicalJson, hashArgs } from "../../agent/runtime.ts";
import { DEFAULT_LIMITS } from "../../agent/agent-types.ts";
import type { Actor } from "../../domain/actor.ts";
import { DomainError } from "../../domain/errors.ts";
import { insertPendingAction } from "../../domain/pending-actions/pending-action-store.ts";
import { otherAdmins } from "../../domain/roles/staff-roles.ts";
import { POLICY } from "../../tools/policy.ts";
import { postCard } from "../cards/post-card.ts";
import type { WebClient } from "@slack/web-api";
import { SlackDelivery } from "../delivery/delivery.ts";
import type { Surface } from "../surface.ts";

/** Where the card goes, in words for the proposer; undefined when no other ADMIN could see it. */
async function cardPlace(surface: Surface, client: WebClient, proposerId: number): Promise<{ channel: string; where: string } | undefined> {
  const channel = surface.config.alerts.channel ?? surface.config.digest.channel;
  if (channel) return { channel, where: `in ${channel}` };
  const [admin] = await otherAdmins(surface.db, proposerId);
  if (!admin) return undefined;
  // The DM's own id: a click there names it, and only a click on the recorded channel and ts decides the card.
  const opened = await client.conversations.open({ users: admin.slack_user_id });
  const dm = opened.channel?.id;
  return dm ? { channel: dm, where: `to ${admin.name} (an ADMIN) by DM` } : undefined;
}

/** Holds the grant for another ADMIN's click and posts its card; returns what to tell the proposer. */
export async function proposeAdminGrant(
  surface: Surface,
  client: WebClient,
  actor: Actor,
  args: { user_id: number; role: "ADMIN" },
): Promise<{ ok: boolean; text: string }> {
  const tool = surface.registry.get("grant_role")!;
  try {
    await tool.authorize!(args, { db: surface.db, actor });
    const preview = await tool.preview!(args, { db: surface.db });
    const place = await cardPlace(surface, client, actor.userId!);
    if (!place) {
      return {
        ok: false,
        text: "Granting ADMIN needs another ADMIN's click, and you are the only ADMIN in Slack: add a second one with MAESTRO_ADMIN_SLACK_IDS first. Nothing was changed.",
      };
    }
    const canonical = canonicalJson(args);
    const now = surface.clock.now();
    const row = await insertPendingAction(
      surface.db,
      {
        runId: null,
        toolUseId: null,
        stepSeq: null,
        toolName: tool.name,
        args: JSON.parse(canonical) as Record<string, unknown>,
        argsHash: hashArgs(canonical),
        reason: POLICY.grant_admin.reason,
        snapshot: {
          ...preview.snapshot,
          summary: preview.summary,
          ...(preview.quoted?.length ? { quoted: preview.quoted } : {}),
          ...(preview.change ? { change: preview.change } : {}),
        },
        requestedBy: actor.userId,
        expiresAt: new Date(now.getTime() + DEFAULT_LIMITS.pendingActionTtlMs),
      },
      now,
    );
    // Rerouted (Slack refused the channel), the card lands in the proposer's DM: they see it, and still cannot confirm it.
    const delivery = new SlackDelivery(client, surface.logger, actor.slackUserId ?? undefined);
    await postCard(surface, client, delivery, (await surface.agent.viewPendingAction(row.id))!, { channel: place.channel });
    surface.logger.info({ pendingActionId: row.id, userId: args.user_id, channel: place.channel }, "slack.staff.admin_grant_held");
    return { ok: true, text: `Granting ADMIN waits for another ADMIN's Confirm: the card went ${place.where}.` };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { ok: false, text: error.message };
  }
}
