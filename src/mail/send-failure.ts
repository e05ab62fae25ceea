// Why a send failed, in two kinds: temporary (retry later) or permanent (the server refused this message for good).

export interface SendFailure {
  permanent: boolean;
  /** The server's reply ("550 5.1.1 No such user") or the connection's error, one line, no credentials. */
  reason: string;
}

interface NodemailerError {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * RFC 5321: a 5yz reply is a permanent refusal, a 4yz a transient one. Two exceptions keep emails from being dropped for
 * a problem that is not theirs: 503 (bad sequence of commands: the session's state, not the message) and an
 * authentication failure (EAUTH, e.g. 535: SMTP_URL's credentials are wrong; every email would fail the same way, so
 * they wait for the fix, and the health check reports them as stuck). Connection errors and timeouts are temporary.
 */
export function classifySendFailure(error: unknown): SendFailure {
  const e = (error ?? {}) as NodemailerError;
  const code = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const permanent = code !== undefined && code >= 500 && code < 600 && code !== 503 && e.code !== "EAUTH";
  const text = (e.response || e.message || String(error)).split("\n")[0]!.trim();
  const prefix = e.code && !text.includes(e.code) ? `${e.code}: ` : "";
  return { permanent, reason: `${prefix}${text}`.slice(0, 500) };
}
