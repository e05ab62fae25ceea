// `/maestro digest [post]`: the morning digest on demand (arrives with the digest work; until then, says so).
import type { RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { SlackPerson } from "../../../domain/users/staff-directory.ts";
import { noticeBlocks } from "../../blocks/notice.ts";
import { respondSafely } from "../../delivery/respond-safely.ts";
import type { Surface } from "../../surface.ts";

export interface DigestCommandInput {
  person: SlackPerson;
  slackUserId: string;
  post: boolean;
  respond: RespondFn;
  client: WebClient;
}

export async function runDigestCommand(surface: Surface, input: DigestCommandInput): Promise<void> {
  const notice = noticeBlocks("The morning digest is not part of this version of Maestro yet.", { kind: "info", hint: "Try `/maestro queue` or `/maestro approvals` meanwhile." });
  await respondSafely(input.respond, input.client, input.slackUserId, notice, surface.logger);
}
