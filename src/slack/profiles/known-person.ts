// Who a Slack user is, asked by the gatekeeper on every request: the linked person as today, else — first contact —
// the person their Slack profile's email names (linked now, audited). A placeholder person is refreshed from the
// profile in the background. Slack failing changes nothing but the link: the person is refused or served as before.
import type { WebClient } from "@slack/web-api";
import { resolveSlackUser, type SlackPerson } from "../../domain/users/staff-directory.ts";
import { isPlaceholder, linkSlackUser, type SlackProfile } from "../../domain/users/slack-link.ts";
import type { Surface } from "../surface.ts";

type Deps = Pick<Surface, "db" | "clock" | "logger" | "profiles" | "track">;

async function link(deps: Deps, profile: SlackProfile, options: { create?: boolean } = {}) {
  const { user, outcome } = await deps.db.transaction((trx) => linkSlackUser(trx, profile, deps.clock.now(), options));
  if (outcome !== "unchanged" && outcome !== "unlinked") {
    deps.logger.info({ slackUserId: profile.slackUserId, userId: user?.id, outcome }, "users.slack.linked");
  }
  return user;
}

/** The person a request comes from; `refresh` (a message, a command…) may update a placeholder's name in the background. */
export async function knownPerson(
  deps: Deps,
  client: WebClient,
  slackUserId: string,
  options: { refresh: boolean },
): Promise<SlackPerson | undefined> {
  const person = await resolveSlackUser(deps.db, slackUserId);
  if (person) {
    if (options.refresh && isPlaceholder(person.user) && deps.profiles.isStale(slackUserId)) {
      deps.track(
        deps.profiles
          .get(client, slackUserId)
          .then((profile) => (profile ? link(deps, profile) : undefined))
          .catch((error: unknown) => deps.logger.warn({ err: error, slackUserId }, "users.slack.refresh_failed")),
      );
    }
    return person;
  }
  const profile = await deps.profiles.get(client, slackUserId);
  if (!profile?.email) return undefined;
  return (await link(deps, profile)) ? resolveSlackUser(deps.db, slackUserId) : undefined;
}

/**
 * The person a Slack user is, created from their profile when the studio has nobody with their email (a request for
 * access needs someone to request for). Without a profile (Slack failed, or no users:read) a placeholder is created.
 */
export async function personForRequest(deps: Deps, client: WebClient, slackUserId: string): Promise<SlackPerson> {
  const known = await resolveSlackUser(deps.db, slackUserId);
  if (known) return known;
  const profile = (await deps.profiles.get(client, slackUserId)) ?? { slackUserId, name: `Slack user ${slackUserId}` };
  await link(deps, profile, { create: true });
  return (await resolveSlackUser(deps.db, slackUserId))!;
}
