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
import type { ToolOutput } from "../../tools/catalogue.ts";
import type { Verb, VerbTool } from "./grammar.ts";

/** Each verb's builder, typed by the result of the verb's tool: a builder that no longer fits its tool fails to compile. */
const RENDER: { [V in Verb]: (result: ToolOutput<VerbTool<V>>, opts: TimeOptions) => Message } = {
  queue: queueBlocks,
  intake: intakeDetailBlocks,
  approvals: roleRequestBlocks,
  bookings: bookingBlocks,
  workflows: executionsBlocks,
  rules: rulesBlocks,
  funnel: funnelBlocks,
  activity: activityBlocks,
  contacts: (result) => contactsBlocks(result),
  searches: searchesBlocks,
  health: healthBlocks,
  audit: auditBlocks,
};

export const render = <V extends Verb>(verb: V, result: ToolOutput<VerbTool<V>>, opts: TimeOptions): Message => RENDER[verb](result, opts);
