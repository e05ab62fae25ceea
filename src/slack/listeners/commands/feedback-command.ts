// `/maestro feedback [down]`: the latest 👍/👎 on answers with their reasons, model, tools and cost — for ADMINs only
// (what people wrote about answers is the studio's operating data, like API keys and staff).
import type { SlackPerson } from "../../../domain/users/staff-directory.ts";
import { feedbackListBlocks } from "../../blocks/feedback.ts";
import type { Message } from "../../blocks/kit.ts";
import { noticeBlocks } from "../../blocks/notice.ts";
import { listFeedback } from "../../stores/feedback-store.ts";
import type { Surface } from "../../surface.ts";
import { timeOptions } from "../../tool-calls.ts";

export const FEEDBACK_ADMIN_ONLY = "Only an ADMIN can read the feedback on answers.";
const SHOWN = 15;

export async function feedbackAnswer(surface: Surface, person: SlackPerson, only?: "down"): Promise<Message> {
  if (!person.roles.includes("ADMIN")) return noticeBlocks(FEEDBACK_ADMIN_ONLY, { kind: "warning" });
  const list = await listFeedback(surface.db, { limit: SHOWN, ...(only ? { value: only } : {}) });
  return feedbackListBlocks(list, timeOptions(surface), only);
}
