// manifest.yml and the app agree: the command, the events the listeners handle, the scopes the calls need.
import fs from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { suggestedPrompts } from "./blocks/reply.ts";
import { COMMAND } from "./ids.ts";

const manifest = parse(fs.readFileSync(new URL("../../manifest.yml", import.meta.url), "utf8"));

describe("manifest.yml", () => {
  it("declares the slash command, interactivity and the events Maestro listens to", () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([COMMAND]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      "agent_session_stopped",
      "app_home_opened",
      "app_mention",
      "app_uninstalled",
      "message.channels",
      "message.groups",
      "message.im",
      "tokens_revoked",
    ]);
    expect(manifest.features.app_home).toMatchObject({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
  });

  it("asks for exactly the scopes of the Web API methods the app calls", () => {
    // chat.postMessage/update/postEphemeral/startStream…, reactions.add/remove, conversations.open (DM),
    // assistant.threads.setSuggestedPrompts, views.publish/open (no scope), DMs and mentions in; conversations.info
    // (maestro doctor: the digest channel exists and the bot is in it) needs channels:read and groups:read; users.info
    // (names, and the email that links a Slack user to a person) needs users:read and users:read.email;
    // assistant.threads.setStatus/setTitle take chat:write/assistant:write; message.channels and message.groups (staff
    // follow-ups in the threads Maestro answers in) need channels:history and groups:history.
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        "app_mentions:read",
        "assistant:write",
        "channels:history",
        "channels:read",
        "chat:write",
        "commands",
        "groups:history",
        "groups:read",
        "im:history",
        "im:write",
        "reactions:write",
        "users:read",
        "users:read.email",
      ].sort(),
    );
  });

  it("offers the same suggested prompts in the agent view as the Messages tab", () => {
    expect(manifest.features.agent_view.suggested_prompts.map((p: { message: string }) => p.message)).toEqual(
      suggestedPrompts().map((p) => p.message),
    );
  });
});
