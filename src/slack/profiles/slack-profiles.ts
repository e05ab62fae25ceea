// Slack profiles (users.info: real name, email) for the people who write to Maestro, reused for
// MAESTRO_SLACK_PROFILE_TTL_MS. A lookup is one Web API call under the client's deadline (MAESTRO_SLACK_TIMEOUT_MS); a
// failure is logged and answered with no profile, so the caller goes on as it would without one: it never blocks a turn.
import type { WebClient } from "@slack/web-api";
import type { Clock } from "../../domain/clock.ts";
import { MINUTE_MS } from "../../domain/clock.ts";
import type { SlackProfile } from "../../domain/users/slack-link.ts";
import type { Logger } from "../../logger.ts";

/** A failed lookup is not repeated for this long: a person who keeps writing while Slack refuses costs one call a minute. */
export const PROFILE_FAILURE_TTL_MS = MINUTE_MS;

interface SlackUser {
  id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  profile?: { real_name?: string; display_name?: string; email?: string };
}

/** The name a person goes by in Slack: their real name, else their display name, else their handle. */
export function profileOf(slackUserId: string, user: SlackUser): SlackProfile | undefined {
  if (user.deleted || user.is_bot) return undefined;
  const name = [user.profile?.real_name, user.real_name, user.profile?.display_name, user.name].map((n) => n?.trim()).find(Boolean);
  if (!name) return undefined;
  const email = user.profile?.email?.trim();
  return { slackUserId, name, ...(email ? { email } : {}) };
}

export class SlackProfiles {
  private readonly cache = new Map<string, { profile: SlackProfile | undefined; until: number }>();

  constructor(private readonly deps: { clock: Clock; logger: Logger; ttlMs: number }) {}

  /** The profile, from the cache while fresh, else from Slack; undefined when Slack did not give one (logged). */
  async get(client: WebClient, slackUserId: string): Promise<SlackProfile | undefined> {
    const now = this.deps.clock.now().getTime();
    const cached = this.cache.get(slackUserId);
    if (cached && cached.until > now) return cached.profile;
    let profile: SlackProfile | undefined;
    let ttl = this.deps.ttlMs;
    try {
      const answer = await client.users.info({ user: slackUserId });
      profile = profileOf(slackUserId, (answer.user ?? {}) as SlackUser);
    } catch (error) {
      // Slack's own words only (e.g. "An API error occurred: missing_scope"): the token never reaches the log.
      this.deps.logger.warn({ slackUserId, error: (error as Error).message }, "slack.profile.lookup_failed");
      ttl = Math.min(ttl, PROFILE_FAILURE_TTL_MS);
    }
    this.cache.set(slackUserId, { profile, until: now + ttl });
    if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
    return profile;
  }

  /** Whether a lookup would ask Slack now (nothing cached, or out of date). */
  isStale(slackUserId: string): boolean {
    const cached = this.cache.get(slackUserId);
    return !cached || cached.until <= this.deps.clock.now().getTime();
  }

  /** Profiles of many users at once (start-up: the bootstrap admins), each lookup with its own deadline. */
  async getMany(client: WebClient, slackUserIds: readonly string[]): Promise<Map<string, SlackProfile>> {
    const found = await Promise.all(slackUserIds.map(async (id) => [id, await this.get(client, id)] as const));
    return new Map(found.filter((entry): entry is readonly [string, SlackProfile] => entry[1] !== undefined));
  }
}
