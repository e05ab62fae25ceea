// What a slash command's ack waits on in Maestro: the statements it sends before acking `/maestro help` (the
// gatekeeper's user and role look-ups and its rate-limit count), captured once and replayed raw at concurrency 1.
import type { Knex } from "knex";
import { sendSigned } from "../load/send-signed.ts";
import { slashCommand } from "../load/slack-requests.ts";
import { measureInterleaved } from "../measure.ts";
import { captureQueries, toRaw, type CapturedQuery } from "../query-capture.ts";
import type { SlackApiRecorder } from "../slack-api-recorder.ts";

export interface PreAckSql {
  statements: CapturedQuery[];
  samples: number[];
}

/**
 * `user` must be a staff member kept out of the load: replaying the rate-limit upsert counts requests against
 * them (30 a minute), and any other user would then be refused mid-run.
 */
export async function preAckSql(knex: Knex, o: { baseUrl: string; user: string; api: SlackApiRecorder; signingSecret: string; rounds: number }): Promise<PreAckSql> {
  // `/maestro help` does no database work after its ack, so everything captured here came before it.
  const { result, queries } = await captureQueries(knex, () => sendSigned(o.baseUrl, slashCommand(o.user, "help", o.api.responseUrl(0), 0), o.signingSecret));
  if (result.status !== 200 || !result.body.includes("blocks")) throw new Error(`the probe's /maestro help was answered ${result.status}: ${result.body.slice(0, 120)}`);
  const replay = async () => {
    for (const q of queries) {
      const raw = toRaw(q);
      await knex.raw(raw.sql, raw.bindings as Knex.RawBinding[]);
    }
  };
  const samples = await measureInterleaved([{ name: "sql", run: replay }], { warmup: 3, iterations: o.rounds });
  return { statements: queries, samples: samples.sql! };
}
