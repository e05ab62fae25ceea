// The SMTP transport (SMTP_URL) over nodemailer, loaded on first use so a process without email never pays for it.
import type { Transporter } from "nodemailer";

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** Stable per outbox row, so a receiver can recognise the rare resend after a crash between send and record. */
  messageId: string;
}

/** What the drain and the health check need of a mail transport; tests may give another. */
export interface MailTransport {
  /** Resolves with the server's final reply; rejects with nodemailer's error (responseCode, response, code). */
  send(email: OutgoingEmail): Promise<{ response: string }>;
  /** Connects and authenticates without sending. */
  verify(): Promise<void>;
  /** Where it sends, without credentials: "smtps://smtp.example.com:465". */
  readonly endpoint: string;
  close(): void;
}

// Every outside call has a deadline (ARCHITECTURE 11). Their sum bounds one send, which the claim lease outlives.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
export const SEND_DEADLINE_MS = TIMEOUTS.connectionTimeout + TIMEOUTS.greetingTimeout + TIMEOUTS.socketTimeout;

/** The URL without user and password, for logs, results and the doctor. */
export function smtpEndpoint(url: string): string {
  const parsed = new URL(url);
  const port = parsed.port || (parsed.protocol === "smtps:" ? "465" : "587");
  return `${parsed.protocol}//${parsed.hostname}:${port}`;
}

export function createSmtpTransport(url: string): MailTransport {
  let loading: Promise<Transporter> | undefined;
  const transporter = () => (loading ??= import("nodemailer").then((nodemailer) => nodemailer.createTransport({ url, ...TIMEOUTS })));
  return {
    endpoint: smtpEndpoint(url),
    async send(email) {
      const info = await (await transporter()).sendMail(email);
      return { response: String(info.response ?? "") };
    },
    async verify() {
      await (await transporter()).verify();
    },
    close() {
      void loading?.then((t) => t.close());
    },
  };
}
