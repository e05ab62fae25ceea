// SQL for the outboxes: messages and emails written in the transaction, delivered after it commits.
import type { Knex } from "knex";

export interface QueuedMessage {
  id: number;
  status: "QUEUED" | "DRY_RUN";
  dry_run: boolean;
}

export async function queueSlackMessage(
  trx: Knex,
  message: { channel: string; text: string; dryRun: boolean; executionId?: number | null },
  at: Date,
): Promise<QueuedMessage> {
  const [row] = await trx("slack_outbox")
    .insert({
      channel: message.channel,
      text: message.text,
      dry_run: message.dryRun,
      status: message.dryRun ? "DRY_RUN" : "QUEUED",
      workflow_execution_id: message.executionId ?? null,
      created_at: at,
    })
    .returning(["id", "status", "dry_run"]);
  return row as QueuedMessage;
}

export async function queueEmail(
  trx: Knex,
  email: { to: string; subject: string; body: string; dryRun: boolean; executionId?: number | null },
  at: Date,
): Promise<QueuedMessage> {
  const [row] = await trx("email_outbox")
    .insert({
      to_address: email.to,
      subject: email.subject,
      body: email.body,
      dry_run: email.dryRun,
      status: email.dryRun ? "DRY_RUN" : "QUEUED",
      workflow_execution_id: email.executionId ?? null,
      created_at: at,
    })
    .returning(["id", "status", "dry_run"]);
  return row as QueuedMessage;
}

/** Points an outbox row at the workflow execution that wrote it (the execution row is written after the action). */
export async function linkOutboxToExecution(trx: Knex, kind: "slack" | "email", outboxId: number, executionId: number): Promise<void> {
  await trx(kind === "slack" ? "slack_outbox" : "email_outbox")
    .where({ id: outboxId })
    .update({ workflow_execution_id: executionId });
}

export interface OutboxDelivery {
  id: number;
  status: string;
  dry_run: boolean;
  created_at: Date;
  sent_at: Date | null;
  /** The failure's reason; on a QUEUED email, the last temporary failure (it will be retried). */
  error: string | null;
  /** Sends or posts tried, and when the next one is due. */
  attempts?: number;
  next_attempt_at?: Date | null;
}

/** The outbox row an execution wrote, by primary key: whether the message went out. */
export async function findOutboxDelivery(db: Knex, kind: "slack" | "email", id: number): Promise<OutboxDelivery | undefined> {
  const columns = ["id", "status", "dry_run", "created_at", "sent_at", "error", "attempts", "next_attempt_at"];
  return db(kind === "slack" ? "slack_outbox" : "email_outbox")
    .where({ id })
    .first<OutboxDelivery | undefined>(columns);
}

/** Messages queued and not yet delivered, per outbox (dry runs are never delivered, so they are not counted). */
export async function outboxDepths(db: Knex): Promise<{ slack: number; email: number }> {
  const queued = (table: string) => db(table).where({ status: "QUEUED" }).count<{ n: number }[]>({ n: "*" });
  const [[slack], [email]] = await Promise.all([queued("slack_outbox"), queued("email_outbox")]);
  return { slack: Number(slack?.n ?? 0), email: Number(email?.n ?? 0) };
}
