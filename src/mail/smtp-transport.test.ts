// The SMTP transport against a real SMTP server on loopback: delivery, and how each kind of failure is classified.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../testing/free-port.ts";
import { SMTP_PASSWORD, startTestSmtpServer, type TestSmtpServer } from "../testing/smtp-test-server.ts";
import { classifySendFailure } from "./send-failure.ts";
import { createSmtpTransport, smtpEndpoint } from "./smtp-transport.ts";

let server: TestSmtpServer;
beforeAll(async () => {
  server = await startTestSmtpServer();
});
afterAll(() => server?.close());

const email = (to = "ada@example.test") => ({
  from: "studio@example.test",
  to,
  subject: "Welcome to the studio",
  text: "Hello Ada,\nsee you on Monday.",
  messageId: "<email-1@maestro>",
});

/** The failure a send ends with, classified. */
async function failureOf(url: string) {
  const transport = createSmtpTransport(url);
  try {
    await transport.send(email());
  } catch (error) {
    return classifySendFailure(error);
  } finally {
    transport.close();
  }
  throw new Error("the send succeeded");
}

describe("the SMTP transport", () => {
  it("verifies, then delivers one message with its recipient, subject, body and message id", async () => {
    const transport = createSmtpTransport(server.url);
    await transport.verify();
    const { response } = await transport.send(email());
    transport.close();
    expect(response).toMatch(/^250/);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]).toEqual({
      from: "studio@example.test",
      to: ["ada@example.test"],
      subject: "Welcome to the studio",
      messageId: "<email-1@maestro>",
      text: "Hello Ada,\nsee you on Monday.",
    });
  });

  it("a 451 is temporary, a 550 permanent with the server's reason", async () => {
    server.refuseNext(451, "Mailbox busy, try later");
    expect(await failureOf(server.url)).toEqual({ permanent: false, reason: expect.stringContaining("451 Mailbox busy, try later") });
    server.refuseNext(550, "No such user here");
    expect(await failureOf(server.url)).toEqual({ permanent: true, reason: expect.stringContaining("550 No such user here") });
  });

  it("a closed port is temporary (ECONNREFUSED); wrong credentials are not the email's fault, so temporary too", async () => {
    const closed = await failureOf(`smtp://127.0.0.1:${await freePort()}`);
    expect(closed.permanent).toBe(false);
    expect(closed.reason).toMatch(/ECONNREFUSED|ECONNECTION/);
    const badAuth = await failureOf(server.url.replace(SMTP_PASSWORD, "wrong"));
    expect(badAuth).toMatchObject({ permanent: false, reason: expect.stringMatching(/535/) });
    expect(badAuth.reason).not.toContain("wrong");
  });

  it("names where it sends without the credentials", () => {
    expect(smtpEndpoint("smtps://user:secret@smtp.example.test")).toBe("smtps://smtp.example.test:465");
    expect(smtpEndpoint("smtp://user:secret@smtp.example.test:2525")).toBe("smtp://smtp.example.test:2525");
  });
});
