// The staff the load speaks as. Maestro allows 30 requests a minute per Slack user (counted in PostgreSQL), so
// thousands of requests must come from hundreds of people or the bench would measure the rate-limit refusal.
import type { Knex } from "knex";

export const benchSlackId = (i: number) => `U0BENCH${String(i).padStart(4, "0")}`;

/** Inserts staff users U0BENCH0000… with the STAFF role, once (a second call adds only the missing ones). */
export async function ensureBenchStaff(knex: Knex, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => benchSlackId(i));
  await knex.transaction(async (trx) => {
    let role = await trx("roles").where({ name: "STAFF" }).first<{ id: number } | undefined>("id");
    if (!role) [role] = (await trx("roles").insert({ name: "STAFF" }).returning("id")) as { id: number }[];
    const existing = new Set((await trx("users").whereIn("slack_user_id", ids).pluck("slack_user_id")) as string[]);
    const missing = ids.filter((id) => !existing.has(id));
    for (let i = 0; i < missing.length; i += 200) {
      const rows = missing
        .slice(i, i + 200)
        .map((id) => ({ name: `Bench Staff ${id.slice(7)}`, email: `${id.toLowerCase()}@bench.test`, slack_user_id: id }));
      const users = (await trx("users").insert(rows).returning("id")) as { id: number }[];
      await trx("role_assignments").insert(users.map((u) => ({ user_id: u.id, role_id: role!.id })));
    }
  });
  return ids;
}
