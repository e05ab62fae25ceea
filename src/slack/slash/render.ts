// Renders each verb's tool result with its Block Kit builder.
import type { Message } from "../blocks/kit.ts";
import { auditBlocks, healthBlocks } from "../blocks/diagnostics.ts";
import { bookingBlocks } from "../blocks/bookings.ts";
import { executionsBlocks } from "../blocks/executions.ts";
import { intakeDetailBlocks } from "../blocks/intake-detail.ts";
import { activityBlocks, contactsBlocks, funnelBlocks, searchesBlocks } from "../blocks/marketing.ts";
import { queueBlocks } from "../blocks/queue.ts";
import { roleRequestBlocks } from "../blocks/role-requests.ts";
import { rulesBlocks } from "../blocks/rules.ts";
import type { TimeOptions } from "../blocks/format.ts";
import type { Verb } from "./grammar.ts";

type Render = (result: never, opts: TimeOptions) => Message;

export const RENDER: Record<Verb, Render> = {
  queue: queueBlocks,
  intake: intakeDetailBlocks,
  approvals: roleRequestBlocks,
  bookings: bookingBlocks,
  workflows: executionsBlocks,
  rules: rulesBlocks,
  funnel: funnelBlocks,
  activity: activityBlocks,
  contacts: (result: never) => contactsBlocks(result),
  searches: searchesBlocks,
  health: healthBlocks,
  audit: auditBlocks,
};

export const render = (verb: Verb, result: Record<string, unknown>, opts: TimeOptions): Message => RENDER[verb](result as never, opts);
