// respond() for a response_url a modal carried in its private_metadata: Bolt builds respond() only from the
// payload's own response_url, and a view submission has none.
import type { RespondFn } from "@slack/bolt";

/** Builds a respond() for a response_url already checked with isSlackResponseUrl. */
export type Responder = (responseUrl: string) => RespondFn;

/** A response_url answers in well under a second; a hung one must not hold the listener. */
const RESPOND_TIMEOUT_MS = 10_000;

/** `fetchFn` is the one the app's WebClient and Bolt's own respond() use (the fake transport's in tests and the console). */
export function responderFor(fetchFn: typeof fetch): Responder {
  return (responseUrl) => async (message) => {
    const body = typeof message === "string" ? { text: message } : message;
    const response = await fetchFn(responseUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(RESPOND_TIMEOUT_MS),
    });
    // As Bolt's respond(): an expired response_url (30 minutes, 5 uses) answers 404, which must reach the caller.
    if (!response.ok) throw new Error(`response_url answered ${response.status} ${response.statusText}`.trim());
    return response;
  };
}
