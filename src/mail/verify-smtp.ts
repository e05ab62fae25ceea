// Asks the SMTP server at SMTP_URL to accept a connection and the credentials, sending nothing, within a deadline.
import { classifySendFailure } from "./send-failure.ts";
import { createSmtpTransport } from "./smtp-transport.ts";

/** The health check and the doctor answer in seconds: a server that has not greeted by then counts as unreachable. */
export const VERIFY_DEADLINE_MS = 5_000;

/** Null when the server accepts; else why not, in one line that never holds the credentials. */
export async function verifySmtp(url: string, deadlineMs = VERIFY_DEADLINE_MS): Promise<string | null> {
  const transport = createSmtpTransport(url);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${deadlineMs / 1000} s`)), deadlineMs);
  });
  try {
    await Promise.race([transport.verify(), deadline]);
    return null;
  } catch (error) {
    return classifySendFailure(error).reason;
  } finally {
    clearTimeout(timer);
    transport.close();
  }
}
