// The load generator's own process (forked by load-process.ts), which plays Slack's whole side: it sends the signed
// requests (each job it is sent over IPC) and answers the Web API and response_url calls Maestro makes (the fake
// Slack API, counted). Neither Slack's client sockets nor its API server then share an event loop with the bot.
import { startSlackApiRecorder } from "../slack-api-recorder.ts";
import { runLoad, type LoadJob } from "./load-generator.ts";

type Request =
  | { type: "load:run"; id: number; job: LoadJob }
  | { type: "slack:count"; id: number; method: string }
  | { type: "slack:wait"; id: number; method: string; n: number; timeoutMs: number };

const api = await startSlackApiRecorder();

const reply = (id: number, outcome: Promise<unknown>) =>
  outcome.then(
    (result) => process.send?.({ type: "load:result", id, result: result ?? null }),
    (error: unknown) => process.send?.({ type: "load:result", id, error: error instanceof Error ? error.message : String(error) }),
  );

process.on("message", (message: Request) => {
  switch (message?.type) {
    case "load:run":
      return void reply(message.id, runLoad(message.job));
    case "slack:count":
      return void reply(message.id, Promise.resolve(api.count(message.method)));
    case "slack:wait":
      return void reply(message.id, api.waitForCount(message.method, message.n, message.timeoutMs));
  }
});
// The parent closing the channel (or dying) ends this process: nothing is left behind.
process.on("disconnect", () => void api.close().finally(() => process.exit(0)));
process.send?.({ type: "load:ready", slackApiUrl: api.url, responseUrlBase: api.responseUrl(0).replace(/0$/, "") });
