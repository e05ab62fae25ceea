// The scenario format: one eval = a seed, the turns a person takes in Slack, the model's side, and checks.
import type { AgentLimits } from "../src/agent/agent-types.ts";
import type { ScriptStep } from "../src/testing/scripted-model.ts";
import type { ApiTurn } from "./harness/api-turn.ts";
import type { Evidence } from "./harness/evidence.ts";
import type { SeedKit } from "./seed-kit.ts";

/** The seeds' five areas (A–E), then the areas the Slack form adds. */
export const CATEGORIES = [
  "queue",
  "roles",
  "workflows",
  "marketing",
  "diagnostics",
  "gate",
  "surface",
  "resilience",
  "digest",
  "paraphrase",
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Eval types of seed 000 T6; every Maestro scenario is of type "maestro" (`--type maestro`). */
export const EVAL_TYPES = ["maestro"] as const;
export type EvalType = (typeof EVAL_TYPES)[number];

/** Ids the seed captured (`kit.ref("intake", id)`), for the model's side, SQL checks and argument matchers. */
export type Refs = Record<string, number | string>;

/** Who acts: a Slack user id. Every turn defaults to the operator, Maya Okafor (ADMIN, U0MAYA). */
type As = { as?: string };

/** One step a person (or time) takes. Each turn runs, then the harness waits for all Slack work to settle. */
export type Turn =
  /**
   * A direct message to Maestro: the person's first starts a session (a top-level DM, answered in its thread), later ones
   * follow up in that thread; `newSession` writes at the top level again. `file` attaches one (a file share, as Slack
   * sends it). `deliveries` > 1 re-delivers the same event as Slack retries (while the first is still handled).
   */
  | ({ dm: string; deliveries?: number; newSession?: boolean; file?: { name: string; mimetype: string } } & As)
  /** `/maestro <text>`. */
  | ({ command: string } & As)
  /** A DM, then `/maestro stop` from the same person as soon as its answer is running (before it settles). */
  | ({ dmThenStop: string } & As)
  /**
   * A click on the button with this label on the newest message or Home tab that shows it (what the person sees, never a
   * database id). `row` picks the item whose text contains it in a list; `times` clicks that many times at once.
   */
  | ({ click: string; row?: string; times?: number } & As)
  /** Types this text into every input of the last modal Maestro opened, and submits it. */
  | ({ fillModal: string } & As)
  /** Opens Maestro's Home tab. */
  | ({ openHome: true } & As)
  /** Moves the clock forward. */
  | { advanceClock: { hours?: number; minutes?: number } }
  /** Runs the scheduler's card-expiry sweep once (src/slack/expiry-sweep.ts). */
  | { sweepExpiredCards: true }
  /** Runs the ops-alerts job once (src/alerts/ops-alerts.ts): new items are posted to OPS_CHANNEL, decided ones updated. */
  | { runAlerts: true }
  /** The studio's website (or another of its systems) calls the studio API (evals/harness/api-turn.ts). */
  | ApiTurn;

export type CheckGroup = "outcome" | "slack" | "tools" | "wording";

export type CheckVerdict = boolean | { pass: boolean; detail?: string };

export interface Check {
  /** What is checked, as a sentence for the report. */
  label: string;
  /** outcome (database) and slack (what people see) weigh most, then tools (the model's choices), then wording. */
  group: CheckGroup;
  weight?: number;
  /** True when it grades the model's choices: in scripted mode it only confirms the script was followed. */
  modelChoice: boolean;
  verify(evidence: Evidence): CheckVerdict | Promise<CheckVerdict>;
}

export interface Scenario {
  id: string;
  type?: EvalType;
  category: Category;
  /** What the scenario shows, in a sentence or two. */
  description: string;
  /** Builds the studio this scenario starts from (a fresh, migrated, empty database). */
  seed(kit: SeedKit): Promise<void>;
  turns: Turn[];
  /**
   * The model's side for scripted mode, in order: responses, functions of the request (to pick ids from tool results
   * the model saw), or `{ throws }`. A function of the seed's refs when the script needs them.
   */
  model: ScriptStep[] | ((refs: Refs) => ScriptStep[]);
  checks: Check[];
  /** Surface settings for this scenario. */
  setup?: { rateLimitPerMinute?: number; limits?: Partial<AgentLimits> };
  /** Set when the model's side cannot happen with a real model (an injected 529): the scenario runs only scripted. */
  scriptedOnly?: string;
  /** The seed scenario this one rewords (paraphrase sets). */
  paraphraseOf?: string;
}

/** Keeps the literal types of a scenario file while checking its shape. */
export const defineScenario = (scenario: Scenario): Scenario => scenario;
