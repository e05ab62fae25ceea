// The Home tab's first run, for admins of a studio still being set up: what to set up (a team, the website's API key,
// the digest channel, a first rule), each undone step with the button that does it; gone once all are done. Also the
// modals those buttons open. Pure builders.
import type { KnownBlock, ModalView } from "@slack/types";
import type { SetupProgress } from "../../domain/setup/setup-progress.ts";
import { ACTIONS, actionId, BLOCKS, blockId, COMMAND, encodeButtonValue, VIEWS } from "../ids.ts";
import { button, context, divider, plain, section } from "./kit.ts";
import { LIMITS } from "./limits.ts";
import type { Message } from "./kit.ts";

export interface FirstRun {
  progress: SetupProgress;
  /** The digest's channel from the settings, when one is set. */
  digestChannel: string | undefined;
}

interface Step {
  key: string;
  done: boolean;
  todo: string;
  doneText: string;
  button: { text: string; actionId: string };
}

function steps({ progress, digestChannel }: FirstRun): Step[] {
  return [
    {
      key: "team",
      done: progress.team > 0,
      todo: "*Add your team* — give colleagues STAFF (or INSTRUCTOR) so they can ask Maestro and approve its cards.",
      doneText: `Team: ${progress.team} ${progress.team === 1 ? "person holds" : "people hold"} STAFF or INSTRUCTOR.`,
      button: { text: "Add a teammate…", actionId: actionId(ACTIONS.setupTeam, "home") },
    },
    {
      key: "api_key",
      done: progress.apiKeys > 0,
      todo: "*Connect your website* — an API key lets its forms send intakes and role requests straight into the queue.",
      doneText: `Website: ${progress.apiKeys} live API ${progress.apiKeys === 1 ? "key" : "keys"} (\`${COMMAND} api-key list\`).`,
      button: { text: "Create an API key", actionId: actionId(ACTIONS.setupApiKey, "home") },
    },
    {
      key: "digest",
      done: Boolean(digestChannel),
      todo: "*Choose the digest channel* — where the morning digest of the queue, approvals and failures is posted.",
      doneText: `Digest: posted to <#${digestChannel ?? ""}> each morning.`,
      button: { text: "How to set it", actionId: actionId(ACTIONS.setupDigest, "home") },
    },
    {
      key: "rule",
      done: progress.rules > 0,
      todo: "*Add a first workflow rule* — e.g. tell #ops when an intake arrives, or email a welcome.",
      doneText: `Rules: ${progress.rules} (\`${COMMAND} rules\`).`,
      button: { text: "New rule", actionId: actionId(ACTIONS.ruleNew, "home") },
    },
  ];
}

/** The checklist while any step is undone (admins only: the caller passes nothing to others); nothing once all are. */
export function firstRunPart(firstRun: FirstRun | undefined): KnownBlock[] {
  if (!firstRun) return [];
  const all = steps(firstRun);
  const done = all.filter((s) => s.done).length;
  if (done === all.length) return [];
  return [
    section(`*Getting started* · ${done} of ${all.length} done`, { block_id: blockId(BLOCKS.firstRun, "title") }),
    ...all.map((s) =>
      s.done
        ? context(`✅ ${s.doneText}`)
        : section(`⬜ ${s.todo}`, {
            accessory: button({ text: s.button.text, actionId: s.button.actionId, value: encodeButtonValue({ id: s.key }) }),
          }),
    ),
    context("This list goes away once everything is set up. Only admins see it."),
    divider(),
  ];
}

const ROLES = ["STAFF", "INSTRUCTOR", "ADMIN"] as const;

/** Add a teammate: who (a Slack user) and which role; an ADMIN grant is then held for another admin's click. */
export function addTeammateModal(): ModalView {
  return {
    type: "modal",
    callback_id: VIEWS.setupTeam,
    title: plain("Add a teammate", LIMITS.modalTitle),
    submit: plain("Add", LIMITS.modalButton),
    close: plain("Cancel", LIMITS.modalButton),
    blocks: [
      {
        type: "input",
        block_id: BLOCKS.setupTeamPerson,
        label: plain("Who", LIMITS.inputLabel),
        element: { type: "users_select", action_id: ACTIONS.setupTeamPerson, placeholder: plain("Choose a person", LIMITS.placeholder) },
      },
      {
        type: "input",
        block_id: BLOCKS.setupTeamRole,
        label: plain("Role", LIMITS.inputLabel),
        element: {
          type: "static_select",
          action_id: ACTIONS.setupTeamRole,
          options: ROLES.map((role) => ({ text: plain(role), value: role })),
          initial_option: { text: plain("STAFF"), value: "STAFF" },
        },
      },
      context("STAFF use Maestro and approve its cards; INSTRUCTOR teach; an ADMIN grant waits for another admin to confirm."),
    ],
  };
}

/** The add-a-teammate submission: the Slack user and the role, or the field errors to show. */
interface SubmittedTeammate {
  state?: { values?: Record<string, Record<string, { selected_user?: string | null; selected_option?: { value?: string } | null }>> };
}

export function readAddTeammate(
  view: SubmittedTeammate,
): { ok: true; slackUserId: string; role: (typeof ROLES)[number] } | { ok: false; errors: Record<string, string> } {
  const values = view.state?.values ?? {};
  const slackUserId = values[BLOCKS.setupTeamPerson]?.[ACTIONS.setupTeamPerson]?.selected_user;
  const role = values[BLOCKS.setupTeamRole]?.[ACTIONS.setupTeamRole]?.selected_option?.value;
  if (!slackUserId) return { ok: false, errors: { [BLOCKS.setupTeamPerson]: "Choose the person to add." } };
  if (!ROLES.includes(role as never)) return { ok: false, errors: { [BLOCKS.setupTeamRole]: "Choose STAFF, INSTRUCTOR or ADMIN." } };
  return { ok: true, slackUserId, role: role as (typeof ROLES)[number] };
}

/** The new key, shown once in a modal (a modal leaves nothing in the conversation's history). */
export function apiKeyShownModal(created: Message): ModalView {
  return {
    type: "modal",
    callback_id: VIEWS.setupApiKey,
    title: plain("Your website's API key", LIMITS.modalTitle),
    close: plain("Done", LIMITS.modalButton),
    blocks: [...created.blocks, context("The README's “Studio API” section has a curl example for each endpoint.")],
  };
}

/** Where the digest goes is a setting of the deployment: how to set it. */
export function digestHowToModal(): ModalView {
  return {
    type: "modal",
    callback_id: VIEWS.setupDigest,
    title: plain("The digest channel", LIMITS.modalTitle),
    close: plain("Got it", LIMITS.modalButton),
    blocks: [
      section(
        "The morning digest (new intakes, approvals waiting, failures, the day's bookings) posts to one channel, set where " +
          "Maestro runs:\n1. Create or pick a channel, e.g. #studio-ops, and `/invite @Maestro` there.\n" +
          "2. Set `DIGEST_CHANNEL` to the channel's id (channel name → View channel details → the id at the bottom) in `.env` " +
          "or the deployment's settings, and restart Maestro.\n" +
          `3. \`${COMMAND} digest\` shows today's digest to you now; \`maestro doctor\` checks the channel.`,
      ),
    ],
  };
}
