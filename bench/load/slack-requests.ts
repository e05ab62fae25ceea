// The bodies Slack POSTs to /slack/events, as the ack suite sends them: a slash command, a DM event and a button
// click (interactivity payload=…), each from a given user and unique where Slack makes it unique (event ids).
import type { LoadRequest } from "./load-generator.ts";

export const TEAM_ID = "T0MAESTRO";
const PATH = "/slack/events";

/** `/maestro <text>` typed by `user` in their DM with the app. */
export function slashCommand(user: string, text: string, responseUrl: string, n: number): LoadRequest {
  const body = new URLSearchParams({
    token: "unused",
    team_id: TEAM_ID,
    team_domain: "studio",
    channel_id: `D0${user}`,
    channel_name: "directmessage",
    user_id: user,
    user_name: user.toLowerCase(),
    command: "/maestro",
    text,
    api_app_id: "A0MAESTRO",
    response_url: responseUrl,
    trigger_id: `trigger-bench-${n}`,
  }).toString();
  return { path: PATH, body, contentType: "application/x-www-form-urlencoded" };
}

/** A top-level direct message; `eventId` must be unique (Maestro drops a redelivered event id). */
export function directMessage(user: string, text: string, eventId: string): LoadRequest {
  const ts = `${Math.floor(Date.now() / 1000)}.${eventId.replace(/\D/g, "").slice(-6).padStart(6, "0")}`;
  const body = JSON.stringify({
    token: "unused",
    team_id: TEAM_ID,
    api_app_id: "A0MAESTRO",
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM_ID, user_id: "U0MAESTROBOT", is_bot: true }],
    event: { type: "message", channel_type: "im", channel: `D0${user}`, user, text, ts, event_ts: ts, client_msg_id: `cm-${eventId}` },
  });
  return { path: PATH, body, contentType: "application/json" };
}

/** A click on a button of a message in `channel`: the interactivity payload, form-encoded as Slack sends it. */
export function buttonClick(
  user: string,
  button: { action_id: string; value: string },
  message: { channel: string; ts: string },
  responseUrl: string,
  n: number,
): LoadRequest {
  const payload = {
    type: "block_actions",
    team: { id: TEAM_ID, domain: "studio" },
    user: { id: user, username: user.toLowerCase(), team_id: TEAM_ID },
    api_app_id: "A0MAESTRO",
    token: "unused",
    container: { type: "message", message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    trigger_id: `trigger-bench-${n}`,
    channel: { id: message.channel, name: "directmessage" },
    message: { type: "message", ts: message.ts },
    response_url: responseUrl,
    actions: [
      {
        type: "button",
        action_id: button.action_id,
        block_id: "maestro.pending.actions:bench",
        value: button.value,
        action_ts: message.ts,
      },
    ],
  };
  return {
    path: PATH,
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: "application/x-www-form-urlencoded",
  };
}
