// How far a studio has come in setting Maestro up, for the Home tab's first run: its team beyond the admins, the
// website's API key, a first workflow rule — counted in one statement.
import type { Knex } from "knex";

export interface SetupProgress {
  /** People holding STAFF or INSTRUCTOR now (admins come from the settings; a team is more than them). */
  team: number;
  /** Live (unrevoked) studio API keys. */
  apiKeys: number;
  /** Workflow rules, enabled or not. */
  rules: number;
}

export async function setupProgress(db: Knex): Promise<SetupProgress> {
  const { rows } = await db.raw<{ rows: { team: number; api_keys: number; rules: number }[] }>(
    `select
       (select count(distinct ra.user_id)::int from role_assignments ra join roles r on r.id = ra.role_id
         where ra.revoked_at is null and r.name in ('STAFF', 'INSTRUCTOR')) as team,
       (select count(*)::int from api_keys where revoked_at is null) as api_keys,
       (select count(*)::int from workflow_rules) as rules`,
  );
  const row = rows[0]!;
  return { team: row.team, apiKeys: row.api_keys, rules: row.rules };
}
