// One console session: turns a typed line into Slack traffic on the fake transport (a DM, /maestro, a click,
// a modal submission), waits for Maestro to finish, and prints what it sent back.
import type { Ack, FakeSlack } from "../slack/fake-transport.ts";
import { resolveSlackUser } from "../domain/users/staff-directory.ts";
import type { Maestro } from "../main.ts";
import { sweepExpiredCards } from "../slack/cards/expire-cards.ts";
import { renderCalls, type ClickableButton, type OpenedModal } from "./render-calls.ts";
import { askModal, modalInputs, type ModalPrompt } from "./modal-prompt.ts";
import { HELP, parseInput } from "./input.ts";
import type { Style } from "./style.ts";
import { MINUTE_MS } from "../domain/clock.ts";

/** Model turns can be slow; the console waits for them rather than printing half an answer. */
const SETTLE_MS = 10 * MINUTE_MS;

type Prompt = { kind: "confirm"; button: ClickableButton } | ModalPrompt;

export interface SessionOptions {
  maestro: Maestro;
  fake: FakeSlack;
  user: string;
  modelOn: boolean;
  style: Style;
  print(text: string): void;
}

export class ConsoleSession {
  user: string;
  /** Whether the console user is staff (a refusal needs no model, so no model-off hint either). */
  private staff = false;
  private buttons: ClickableButton[] = [];
  private pending: Prompt | undefined;
  private seen = 0;
  private ephemeralTs = 0;
  /** The session the console's messages continue: the thread under its first DM (a new user starts a new one). */
  private sessionTs: string | undefined;

  constructor(private readonly o: SessionOptions) {
    this.user = o.user;
  }

  /** Who the console speaks as, in words: "Maya Okafor (U0MAESTRO1, ADMIN)". */
  async describeUser(slackId = this.user): Promise<{ text: string; isStaff: boolean }> {
    const person = await resolveSlackUser(this.o.maestro.db.knex, slackId);
    if (slackId === this.user) this.staff = !!person?.isStaff;
    if (!person) return { text: `${slackId}, who is not a user in this database (Maestro will say so)`, isStaff: false };
    return { text: `${person.user.name} (${slackId}, ${person.roles.join(", ") || "no roles"})`, isStaff: person.isStaff };
  }

  /** What readline shows before the cursor. */
  prompt(): string {
    if (this.pending?.kind === "confirm") return "y/N › ";
    if (this.pending?.kind === "modal") return `${this.pending.inputs[this.pending.index]!.label} › `;
    return `${this.user} › `;
  }

  async handle(raw: string): Promise<"quit" | "continue"> {
    // :quit leaves from a confirm dialog or a modal's field too (it is nobody's answer to either).
    if (this.pending && parseInput(raw).kind === "quit") return "quit";
    if (this.pending) {
      await this.answerPrompt(raw.trim());
      return "continue";
    }
    const input = parseInput(raw);
    const { style, print, fake, maestro } = this.o;
    switch (input.kind) {
      case "quit":
        return "quit";
      case "help":
        print(HELP);
        break;
      case "as":
        await this.switchUser(input.slackUserId);
        break;
      case "home":
        await this.exchange(() => fake.openHome(this.user));
        break;
      case "sweep":
        await this.exchange(async () => {
          const n = await sweepExpiredCards(maestro.surface, maestro.app.client);
          print(style.dim(`${n} expired card${n === 1 ? "" : "s"} swept.`));
          return undefined;
        }, true);
        break;
      case "click":
        await this.click(input.n, input.given);
        break;
      case "command":
        await this.exchange(() => fake.command(this.user, input.text));
        break;
      case "dm":
        await this.exchange(async () => {
          const sent = await fake.dm(this.user, input.text, { threadTs: this.sessionTs });
          this.sessionTs ??= sent.ts;
          return sent;
        });
        if (!this.o.modelOn && this.staff)
          print(
            style.dim("(The model is off: set ANTHROPIC_API_KEY in the environment or .env and restart the console to talk to the agent.)"),
          );
        break;
      case "refused":
        print(style.dim(input.message));
        break;
    }
    return "continue";
  }

  private async switchUser(id: string | null) {
    if (!id) {
      this.o.print(this.o.style.dim(`Usage: :as <SlackUserId>, e.g. :as U0MEMBER1 (you are ${this.user}).`));
      return;
    }
    this.user = id;
    this.sessionTs = undefined;
    const who = await this.describeUser(id);
    this.o.print(this.o.style.dim(`You are now ${who.text}${who.isStaff ? "." : " — not staff, so Maestro will refuse politely."}`));
  }

  private async click(n: number | null, given: string) {
    const button = this.buttons.find((b) => b.n === n);
    if (!button) {
      const range = this.buttons.length ? `[${this.buttons[0]!.n}]–[${this.buttons.at(-1)!.n}]` : "none yet";
      this.o.print(this.o.style.dim(`There is no button [${given}] (buttons on screen: ${range}).`));
      return;
    }
    if (button.confirm) {
      const c = button.confirm;
      this.o.print(
        `${this.o.style.bold(c.title)}\n${c.text}\n${this.o.style.dim(`Type y for “${c.confirm}”, anything else for “${c.deny}”.`)}`,
      );
      this.pending = { kind: "confirm", button };
      return;
    }
    await this.press(button);
  }

  private async press(button: ClickableButton) {
    const { fake } = this.o;
    const b = { action_id: button.actionId, value: button.value, block_id: button.blockId };
    const t = button.target;
    this.o.print(this.o.style.dim(`(clicked ${button.label})`));
    await this.exchange(() => (t.kind === "view" ? fake.clickInView(this.user, b, t.viewId) : fake.click(this.user, b, t)));
  }

  private async answerPrompt(line: string) {
    const prompt = this.pending!;
    this.pending = undefined;
    if (prompt.kind === "confirm") {
      if (/^y(es)?$/i.test(line)) await this.press(prompt.button);
      else this.o.print(this.o.style.dim(`(${prompt.button.confirm!.deny}: nothing was clicked.)`));
      return;
    }
    const { style, print, fake } = this.o;
    const still = await askModal(prompt, line, { style, print, submit: (view) => this.exchange(() => fake.submitView(this.user, view)) });
    // A submission may itself open a modal (kept as this.pending); an invalid one keeps this one open.
    if (still) this.pending = still;
  }

  private openModal(modal: OpenedModal) {
    const inputs = modalInputs(modal.view);
    if (!inputs.length) return;
    this.pending = { kind: "modal", modal, inputs, index: 0, values: {} };
    this.o.print(this.o.style.dim(`Type the ${inputs[0]!.label.toLowerCase()} on the next line (an empty line closes the modal).`));
  }

  /** Sends one piece of Slack traffic, waits for everything it set off, prints what came back. */
  async exchange(send: () => Promise<Ack | undefined>, quiet = false): Promise<Ack | undefined> {
    const { fake, style, print } = this.o;
    const ack = await send();
    try {
      await fake.settle(SETTLE_MS);
    } catch (error) {
      print(style.danger(`(${(error as Error).message})`));
    }
    const calls = fake.calls.slice(this.seen);
    this.seen = fake.calls.length;
    const reply = ack?.response as Record<string, unknown> | undefined;
    const acked = reply && (reply.text || reply.blocks) ? [{ method: "ack", args: reply, at: Date.now() }] : [];
    const out = renderCalls([...acked, ...calls], {
      me: this.user,
      style,
      commandChannel: `D0${this.user}`,
      nextTs: () => `1800000000.${String(++this.ephemeralTs).padStart(6, "0")}`,
    });
    if (out.text) print(out.text);
    else if (!quiet && reply?.response_action !== "errors") print(style.dim("(nothing visible came back)"));
    // Numbers keep pointing at the last buttons shown until new ones replace them.
    if (out.buttons.length) this.buttons = out.buttons;
    if (out.modal) this.openModal(out.modal);
    return ack;
  }
}
