// The studio API's route table: one line per endpoint (each a file beside this one, a defineRoute of zod + handler).
import type { ApiRoute } from "../route.ts";
import { createIntakeRoute } from "./create-intake.ts";
import { upsertContactRoute } from "./upsert-contact.ts";

export const API_ROUTES: readonly ApiRoute[] = [createIntakeRoute, upsertContactRoute];
