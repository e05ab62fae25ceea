// A message as the text a person reads (the console's renderer), with what colours and dialogs add: a button's style
// ([Confirm] (red)) and its "are you sure" dialog. For snapshots of cards that a reviewer can read.
import { renderBlocks } from "../../console/render-blocks.ts";
import type { Style } from "../../console/style.ts";

const same = (s: string) => s;
const marked: Style = {
  bold: same,
  dim: same,
  italic: same,
  code: same,
  strike: same,
  primary: (s) => `${s} (green)`,
  danger: (s) => `${s} (red)`,
};

export function readAsText(message: { text: string; blocks: unknown[] }): string {
  const { lines, buttons } = renderBlocks(message.blocks, marked);
  const dialogs = buttons.flatMap((b) =>
    b.confirm ? [`  ↳ [${b.label}] asks first: “${b.confirm.title}” ${b.confirm.text} [${b.confirm.confirm}] [${b.confirm.deny}]`] : [],
  );
  return [`notification: ${message.text}`, ...lines, ...dialogs].join("\n");
}
