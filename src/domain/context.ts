// What every domain service needs: the database and the clock.
import type { Knex } from "knex";
import type { Clock } from "./clock.ts";

export interface DomainContext {
  db: Knex;
  clock: Clock;
}
