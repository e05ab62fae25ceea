// The fake Slack transport lives in src/slack/fake-transport.ts (the console runs on it); tests and evals import it from here.
export * from "../slack/fake-transport.ts";
