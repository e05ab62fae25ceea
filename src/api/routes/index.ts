// The studio API's route table: one line per endpoint (each a file beside this one, a defineRoute of zod + handler).
import type { ApiRoute } from "../route.ts";
import { bookSlotRoute } from "./book-slot.ts";
import { createIntakeRoute } from "./create-intake.ts";
import { createRoleRequestRoute } from "./create-role-request.ts";
import { listOpenSlotsRoute } from "./list-open-slots.ts";
import { logSearchRoute } from "./log-search.ts";
import { recordEventRoute } from "./record-event.ts";
import { upsertContactRoute } from "./upsert-contact.ts";

export const API_ROUTES: readonly ApiRoute[] = [
  createIntakeRoute,
  upsertContactRoute,
  createRoleRequestRoute,
  listOpenSlotsRoute,
  bookSlotRoute,
  logSearchRoute,
  recordEventRoute,
];
