// Walks a message or view and reports every Block Kit limit it breaks: the builders clip at construction, tests check it here.
import { LIMITS } from "../../slack/blocks/limits.ts";

type Json = Record<string, unknown>;

/** A message payload, or a Home / modal view. */
export interface BlockPayload {
  blocks: readonly unknown[];
  /** A message's fallback text. */
  text?: string;
  /** "home" or "modal" for a view; absent for a message. */
  type?: string;
}

export class BlockLimitError extends Error {
  constructor(readonly violations: readonly string[]) {
    super(`Block Kit payload breaks ${violations.length} limit${violations.length === 1 ? "" : "s"}:\n- ${violations.join("\n- ")}`);
    this.name = "BlockLimitError";
  }
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

class Walker {
  readonly violations: string[] = [];
  private readonly blockIds = new Set<string>();
  private readonly actionIds = new Set<string>();
  markdownTotal = 0;

  fail(path: string, problem: string) {
    this.violations.push(`${path}: ${problem}`);
  }

  length(path: string, value: unknown, max: number, what: string, { required = true } = {}) {
    if (value === undefined && !required) return;
    if (typeof value !== "string") return this.fail(path, `${what} must be a string`);
    if (value.length === 0 && required) this.fail(path, `${what} must not be empty`);
    if (value.length > max) this.fail(path, `${what} is ${value.length} characters; the limit is ${max}`);
  }

  text(path: string, value: unknown, max: number, what: string, { plainOnly = false, required = true } = {}) {
    if (value === undefined && !required) return;
    if (!isObject(value)) return this.fail(path, `${what} must be a text object`);
    if (value.type !== "plain_text" && value.type !== "mrkdwn") this.fail(`${path}.type`, `${what} has type ${String(value.type)}`);
    if (plainOnly && value.type !== "plain_text") this.fail(`${path}.type`, `${what} must be plain_text`);
    this.length(`${path}.text`, value.text, max, what);
  }

  count(path: string, items: unknown, min: number, max: number, what: string): readonly unknown[] {
    if (!Array.isArray(items)) {
      this.fail(path, `${what} must be an array`);
      return [];
    }
    if (items.length < min) this.fail(path, `${what} has ${items.length}; at least ${min} needed`);
    if (items.length > max) this.fail(path, `${what} has ${items.length}; the limit is ${max}`);
    return items;
  }

  blockId(path: string, id: unknown) {
    if (id === undefined) return;
    this.length(path, id, LIMITS.blockId, "block_id");
    if (typeof id === "string") {
      if (this.blockIds.has(id)) this.fail(path, `block_id "${id}" is repeated (block ids must be unique in a message or view)`);
      this.blockIds.add(id);
    }
  }

  actionId(path: string, id: unknown) {
    if (id === undefined) return;
    this.length(path, id, LIMITS.actionId, "action_id");
    if (typeof id === "string") {
      if (this.actionIds.has(id)) this.fail(path, `action_id "${id}" is repeated (Maestro keeps action ids unique per message)`);
      this.actionIds.add(id);
    }
  }

  confirm(path: string, c: unknown) {
    if (c === undefined) return;
    if (!isObject(c)) return this.fail(path, "confirm must be an object");
    this.text(`${path}.title`, c.title, LIMITS.confirmTitle, "confirm title", { plainOnly: true });
    this.text(`${path}.text`, c.text, LIMITS.confirmText, "confirm text");
    this.text(`${path}.confirm`, c.confirm, LIMITS.confirmButton, "confirm button", { plainOnly: true });
    this.text(`${path}.deny`, c.deny, LIMITS.confirmButton, "deny button", { plainOnly: true });
    if (c.style !== undefined && c.style !== "primary" && c.style !== "danger")
      this.fail(`${path}.style`, `unknown style ${String(c.style)}`);
  }

  /** A menu's options: 1 to `max`, each with plain text and a value. */
  options(path: string, options: unknown, max: number, what: string) {
    this.count(`${path}.options`, options, 1, max, what).forEach((o, i) => {
      const option = isObject(o) ? o : {};
      this.text(`${path}.options[${i}].text`, option.text, LIMITS.optionText, "option text", { plainOnly: true });
      this.length(`${path}.options[${i}].value`, option.value, 150, "option value");
    });
  }

  element(path: string, e: unknown) {
    if (!isObject(e)) return this.fail(path, "element must be an object");
    this.actionId(`${path}.action_id`, e.action_id);
    switch (e.type) {
      case "button":
        this.text(`${path}.text`, e.text, LIMITS.buttonText, "button text", { plainOnly: true });
        this.length(`${path}.value`, e.value, LIMITS.buttonValue, "button value", { required: false });
        this.length(`${path}.url`, e.url, LIMITS.buttonUrl, "button url", { required: false });
        this.length(`${path}.accessibility_label`, e.accessibility_label, LIMITS.buttonText, "accessibility label", { required: false });
        if (e.style !== undefined && e.style !== "primary" && e.style !== "danger")
          this.fail(`${path}.style`, `unknown style ${String(e.style)}`);
        this.confirm(`${path}.confirm`, e.confirm);
        return;
      case "plain_text_input":
        this.text(`${path}.placeholder`, e.placeholder, LIMITS.placeholder, "placeholder", { plainOnly: true, required: false });
        for (const key of ["min_length", "max_length"] as const) {
          const n = e[key];
          if (n !== undefined && (typeof n !== "number" || n < 0 || n > LIMITS.plainTextInputMax)) {
            this.fail(`${path}.${key}`, `${key} must be between 0 and ${LIMITS.plainTextInputMax}`);
          }
        }
        this.length(`${path}.initial_value`, e.initial_value, LIMITS.plainTextInputMax, "initial value", { required: false });
        return;
      case "overflow":
        this.options(path, e.options, LIMITS.overflowOptions, "overflow options");
        return;
      case "static_select":
        this.text(`${path}.placeholder`, e.placeholder, LIMITS.placeholder, "placeholder", { plainOnly: true, required: false });
        this.options(path, e.options, LIMITS.selectOptions, "select options");
        return;
      case "users_select":
        this.text(`${path}.placeholder`, e.placeholder, LIMITS.placeholder, "placeholder", { plainOnly: true, required: false });
        return;
      case "feedback_buttons":
        for (const side of ["positive_button", "negative_button"] as const) {
          const b = isObject(e[side]) ? e[side] : {};
          this.text(`${path}.${side}.text`, b.text, LIMITS.buttonText, "feedback button text", { plainOnly: true });
          this.length(`${path}.${side}.value`, b.value, LIMITS.buttonValue, "feedback button value");
        }
        return;
      default:
        this.fail(`${path}.type`, `element type ${String(e.type)} is not checked by assertWithinLimits`);
    }
  }

  block(path: string, b: unknown) {
    if (!isObject(b)) return this.fail(path, "block must be an object");
    this.blockId(`${path}.block_id`, b.block_id);
    switch (b.type) {
      case "header":
        return this.text(`${path}.text`, b.text, LIMITS.headerText, "header text", { plainOnly: true });
      case "section":
        if (b.text === undefined && b.fields === undefined) this.fail(path, "section needs text or fields");
        this.text(`${path}.text`, b.text, LIMITS.sectionText, "section text", { required: false });
        if (b.fields !== undefined) {
          this.count(`${path}.fields`, b.fields, 1, LIMITS.sectionFields, "section fields").forEach((f, i) =>
            this.text(`${path}.fields[${i}]`, f, LIMITS.fieldText, "section field"),
          );
        }
        if (b.accessory !== undefined) this.element(`${path}.accessory`, b.accessory);
        return;
      case "context":
        this.count(`${path}.elements`, b.elements, 1, LIMITS.contextElements, "context elements").forEach((e, i) =>
          this.text(`${path}.elements[${i}]`, e, LIMITS.textObject, "context element"),
        );
        return;
      case "actions":
        this.count(`${path}.elements`, b.elements, 1, LIMITS.actionsElements, "actions elements").forEach((e, i) =>
          this.element(`${path}.elements[${i}]`, e),
        );
        return;
      case "context_actions":
        this.count(`${path}.elements`, b.elements, 1, 5, "context actions elements").forEach((e, i) =>
          this.element(`${path}.elements[${i}]`, e),
        );
        return;
      case "markdown":
        this.length(`${path}.text`, b.text, LIMITS.markdownText, "markdown text");
        if (typeof b.text === "string") this.markdownTotal += b.text.length;
        return;
      case "divider":
        return;
      case "input":
        this.text(`${path}.label`, b.label, LIMITS.inputLabel, "input label", { plainOnly: true });
        this.text(`${path}.hint`, b.hint, LIMITS.inputHint, "input hint", { plainOnly: true, required: false });
        return this.element(`${path}.element`, b.element);
      default:
        this.fail(`${path}.type`, `block type ${String(b.type)} is not checked by assertWithinLimits`);
    }
  }
}

/** Every violation in the payload, as "path: problem" lines; empty when it is within Slack's limits. */
export function checkLimits(payload: BlockPayload): string[] {
  const w = new Walker();
  const view = payload.type === "home" || payload.type === "modal" ? (payload as unknown as Json) : null;
  const max = view ? LIMITS.viewBlocks : LIMITS.messageBlocks;
  const blocks = w.count("blocks", payload.blocks, 0, max, view ? `${String(view.type)} view blocks` : "message blocks");
  blocks.forEach((b, i) => w.block(`blocks[${i}]`, b));
  if (w.markdownTotal > LIMITS.markdownTotal) {
    w.fail("blocks", `markdown blocks hold ${w.markdownTotal} characters in total; the cumulative limit is ${LIMITS.markdownTotal}`);
  }
  if (view) {
    w.length("private_metadata", view.private_metadata, LIMITS.privateMetadata, "private_metadata", { required: false });
    w.length("callback_id", view.callback_id, LIMITS.callbackId, "callback_id", { required: false });
    if (view.type === "modal") {
      w.text("title", view.title, LIMITS.modalTitle, "modal title", { plainOnly: true });
      w.text("submit", view.submit, LIMITS.modalButton, "modal submit", { plainOnly: true, required: false });
      w.text("close", view.close, LIMITS.modalButton, "modal close", { plainOnly: true, required: false });
      const hasInput = blocks.some((b) => isObject(b) && b.type === "input");
      if (hasInput && view.submit === undefined) w.fail("submit", "a modal with an input block needs a submit button");
    }
  } else {
    const text = payload.text;
    // Slack truncates rather than rejects long text; Maestro treats it as a violation so nothing is cut silently.
    w.length("text", text, LIMITS.messageText, "message text", { required: false });
  }
  return w.violations;
}

/** Throws a BlockLimitError naming every violation; returns the payload unchanged when it is within the limits. */
export function assertWithinLimits<T extends BlockPayload>(payload: T): T {
  const violations = checkLimits(payload);
  if (violations.length) throw new BlockLimitError(violations);
  return payload;
}
