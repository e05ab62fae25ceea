// A modal Maestro opened (the reject-reason form), filled in line by line and submitted like Slack would.
import type { Ack } from "../slack/fake-transport.ts";
import type { OpenedModal } from "./render-calls.ts";
import { sanitize, type Style } from "./style.ts";

export interface ModalInput {
  blockId: string;
  actionId: string;
  label: string;
}

type Values = Record<string, Record<string, { type: "plain_text_input"; value: string }>>;

export interface ModalPrompt {
  kind: "modal";
  modal: OpenedModal;
  inputs: ModalInput[];
  /** The input the next line fills. */
  index: number;
  values: Values;
}

export interface ViewSubmission {
  callback_id: string;
  private_metadata?: string;
  values: Values;
}

type Node = Record<string, unknown>;

/** The text inputs of a modal, in order (the only kind of input Maestro's modals use). */
export function modalInputs(view: Node): ModalInput[] {
  const blocks = Array.isArray(view.blocks) ? (view.blocks as Node[]) : [];
  return blocks
    .filter((b) => b.type === "input" && (b.element as Node | undefined)?.type === "plain_text_input")
    .map((b) => ({
      blockId: String(b.block_id ?? ""),
      actionId: String((b.element as Node).action_id ?? ""),
      label: sanitize(String((b.label as Node | undefined)?.text ?? "Value")),
    }));
}

export interface ModalIO {
  style: Style;
  print(text: string): void;
  submit(view: ViewSubmission): Promise<Ack | undefined>;
}

/** Takes one typed line; returns the prompt still waiting for input, or undefined once submitted or closed. */
export async function askModal(prompt: ModalPrompt, line: string, io: ModalIO): Promise<ModalPrompt | undefined> {
  if (!line) {
    io.print(io.style.dim("(Modal closed: nothing was submitted.)"));
    return undefined;
  }
  const input = prompt.inputs[prompt.index]!;
  const values: Values = { ...prompt.values, [input.blockId]: { [input.actionId]: { type: "plain_text_input", value: line } } };
  const next = prompt.index + 1;
  if (next < prompt.inputs.length) {
    io.print(io.style.dim(`Now the ${prompt.inputs[next]!.label.toLowerCase()}.`));
    return { ...prompt, index: next, values };
  }
  const view = prompt.modal.view;
  const ack = await io.submit({
    callback_id: String(view.callback_id ?? ""),
    ...(typeof view.private_metadata === "string" ? { private_metadata: view.private_metadata } : {}),
    values,
  });
  const reply = ack?.response as { response_action?: string; errors?: Record<string, string> } | undefined;
  if (reply?.response_action !== "errors" || !reply.errors) return undefined;
  // Slack keeps the modal open and shows the errors under their fields: ask for the first one again.
  const failed = prompt.inputs.findIndex((i) => reply.errors![i.blockId]);
  for (const [blockId, message] of Object.entries(reply.errors)) {
    const label = prompt.inputs.find((i) => i.blockId === blockId)?.label ?? blockId;
    io.print(io.style.danger(`${label}: ${sanitize(message)}`));
  }
  const index = failed >= 0 ? failed : 0;
  io.print(io.style.dim(`Type the ${prompt.inputs[index]!.label.toLowerCase()} again (an empty line closes the modal).`));
  return { ...prompt, index, values };
}
