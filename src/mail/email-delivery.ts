// Email delivery for one process: the SMTP transport and the outbox drain, or nothing when SMTP_URL is unset.
import type { Config } from "../config.ts";
import { drainEmailOutbox, type DrainResult, type EmailDrainDeps } from "./email-drain.ts";
import { createSmtpTransport, type MailTransport } from "./smtp-transport.ts";

export interface EmailDelivery {
  transport: MailTransport;
  /** Sends what is due; the scheduler calls it every 10 seconds, a commit that queued an email may call it at once. */
  drain(): Promise<DrainResult>;
}

/** Undefined without SMTP_URL: emails wait in the outbox (the health check says how many) and nodemailer is never loaded. */
export function createEmailDelivery(
  config: Config,
  deps: Omit<EmailDrainDeps, "transport" | "from"> & { transport?: MailTransport },
): EmailDelivery | undefined {
  const { smtpUrl, from } = config.email;
  if (!smtpUrl || !from) return undefined;
  const transport = deps.transport ?? createSmtpTransport(smtpUrl);
  return { transport, drain: () => drainEmailOutbox({ ...deps, transport, from }) };
}
