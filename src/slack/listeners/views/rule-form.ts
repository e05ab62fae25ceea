// The rule form was submitted: checked field by field before the modal closes (problems go back onto their fields), then
// the rule is created or changed through the tool as the ADMIN who submitted it — the submission is their decision.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from "@slack/bolt";
import { DomainError } from "../../../domain/errors.ts";
import { checkRuleDefinition, type RuleDefinition } from "../../../domain/workflows/rule-definition.ts";
import { assertNameFree, fieldErrorsOf } from "../../../domain/workflows/rule-edit-service.ts";
import { noticeBlocks } from "../../blocks/notice.ts";
import { formErrors, readRuleForm, RULE_FORM } from "../../blocks/rule-form.ts";
import { SlackDelivery } from "../../delivery/delivery.ts";
import { personOf, type Surface } from "../../surface.ts";
import { callTool, humanActor, personErrorText } from "../../tool-calls.ts";
import { ADMIN_ONLY_RULES_TEXT } from "../actions/rule-form-buttons.ts";

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

type Checked = { errors: Record<string, string> } | { ruleId: number | null; rule: RuleDefinition };

/** The submission as a valid rule, or what is wrong with it as form errors. */
async function check(surface: Surface, submission: ReturnType<typeof readRuleForm>): Promise<Checked> {
  if (!submission.ok) return { errors: submission.errors };
  const checked = checkRuleDefinition(submission.input);
  if (!checked.ok) return { errors: formErrors(checked.errors) };
  try {
    await assertNameFree(surface.db, checked.value.name, submission.ruleId ?? undefined);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { errors: formErrors(fieldErrorsOf(error)) };
  }
  return { ruleId: submission.ruleId, rule: checked.value };
}

export const ruleFormSubmitted =
  (surface: Surface) =>
  async ({ ack, view, body, client, context }: ViewArgs) => {
    const person = personOf(context);
    if (!person.roles.includes("ADMIN")) {
      await ack({ response_action: "errors", errors: { [RULE_FORM.name]: ADMIN_ONLY_RULES_TEXT } });
      return;
    }
    const submission = await check(surface, readRuleForm(view));
    if ("errors" in submission) {
      surface.logger.info({ fields: Object.keys(submission.errors) }, "slack.rule_form.invalid");
      await ack({ response_action: "errors", errors: submission.errors });
      return;
    }
    // Written before the modal closes, so a refusal (the name taken meanwhile, a rule deleted) shows on the form.
    const actor = humanActor(person, body.user.id, "button");
    const outcome =
      submission.ruleId === null
        ? await callTool(surface, actor, "create_workflow_rule", submission.rule, { via: "button" })
        : await callTool(surface, actor, "update_workflow_rule", { rule_id: submission.ruleId, ...submission.rule }, { via: "button" });
    if (!outcome.ok) {
      surface.logger.info({ code: outcome.error.code }, "slack.rule_form.refused");
      await ack({ response_action: "errors", errors: { [RULE_FORM.name]: personErrorText(outcome.error).slice(0, 1900) } });
      return;
    }
    await ack();
    const { message, does } = outcome.result;
    await new SlackDelivery(client, surface.logger, body.user.id).toDm([noticeBlocks(`${message} ${does}`)], {
      what: "notice",
    });
  };
