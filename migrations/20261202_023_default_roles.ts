// The four roles every studio has (DOMAIN.md "Who may do what"), on a fresh database too, so a colleague can be made
// staff without SQL. Inserted only where absent: a database that already has them keeps its rows and descriptions.
// Frozen in time: imports nothing from src/.
import type { Knex } from "knex";

const ROLES = [
  { name: "ADMIN", description: "Runs the studio: every surface, and the only role that may grant ADMIN" },
  { name: "STAFF", description: "Studio team: may use Maestro" },
  { name: "INSTRUCTOR", description: "Teaches classes and workshops" },
  { name: "MEMBER", description: "Studio member" },
];

export async function up(knex: Knex): Promise<void> {
  await knex("roles").insert(ROLES).onConflict("name").ignore();
}

export async function down(knex: Knex): Promise<void> {
  // Only roles nobody holds or asked for: a down migration never takes a grant away.
  await knex("roles")
    .whereIn(
      "name",
      ROLES.map((r) => r.name),
    )
    .whereNotExists(knex("role_assignments").whereRaw("role_assignments.role_id = roles.id"))
    .whereNotExists(knex("role_requests").whereRaw("role_requests.requested_role_id = roles.id"))
    .delete();
}
