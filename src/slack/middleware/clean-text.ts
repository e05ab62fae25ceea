// Every payload Slack sends is made storable before any listener reads it: a DM, a slash command's text or a modal's
// input with a NUL or a lone surrogate would otherwise fail the write it reaches (the event receipt, the transcript).
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import { cleanStringsInPlace } from "../../domain/untrusted-text.ts";

export const cleanIncomingText: Middleware<AnyMiddlewareArgs> = async ({ body, next }) => {
  // payload, message, event, command and view are parts of body: cleaning it in place cleans what listeners see.
  cleanStringsInPlace(body);
  await next();
};
