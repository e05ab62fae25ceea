// Renders an item's alert as the item is now and puts it on the posted message: after a click on the alert, and after a
// decision anywhere else (the drain notices its feed event), so no button that no longer applies survives.
import type { WebClient } from "@slack/web-api";
import type { Knex } from "knex";
import type { AlertKind } from "../domain/alerts/alert-store.ts";
import type { Message } from "../slack/blocks/kit.ts";
import { alertMessage } from "../slack/blocks/alerts.ts";
import type { TimeOptions } from "../slack/blocks/format.ts";
import { loadAlertView } from "./alert-views.ts";

/** The alert's message for the item as it is now; undefined when the item is gone. */
export async function renderAlert(db: Knex, kind: AlertKind, subjectId: number, opts: TimeOptions): Promise<Message | undefined> {
  const view = await loadAlertView(db, kind, subjectId);
  return view && alertMessage(view, opts);
}

/** chat.update of a posted alert with the item's state now. Throws what Slack throws. */
export async function updateAlert(
  deps: { db: Knex; client: WebClient; time: TimeOptions },
  at: { channel: string; ts: string },
  kind: AlertKind,
  subjectId: number,
): Promise<boolean> {
  const rendered = await renderAlert(deps.db, kind, subjectId, deps.time);
  if (!rendered) return false;
  await deps.client.chat.update({ channel: at.channel, ts: at.ts, text: rendered.text, blocks: rendered.blocks });
  return true;
}
