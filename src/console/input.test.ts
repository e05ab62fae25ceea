// What typed lines mean to the console.
import { describe, expect, it } from "vitest";
import { parseInput } from "./input.ts";

describe("parseInput", () => {
  it.each([
    ["", { kind: "nothing" }],
    ["  3 ", { kind: "click", n: 3, given: "3" }],
    [":click 12", { kind: "click", n: 12, given: "12" }],
    [":click twelve", { kind: "click", n: null, given: "twelve" }],
    [":as u0member1", { kind: "as", slackUserId: "U0MEMBER1" }],
    [":as someone", { kind: "as", slackUserId: null }],
    [":home", { kind: "home" }],
    [":sweep", { kind: "sweep" }],
    [":q", { kind: "quit" }],
    [":QUIT", { kind: "quit" }],
    ["?", { kind: "help" }],
    ["/maestro queue NEW", { kind: "command", text: "queue NEW" }],
    ["/maestro", { kind: "command", text: "" }],
    ["/giphy cats", { kind: "refused", message: "Only /maestro is a command here (/giphy is not Maestro's)." }],
    [":nope", { kind: "refused", message: "There is no :nope console command. Type :help." }],
    ["What's in my queue? 3 things", { kind: "dm", text: "What's in my queue? 3 things" }],
  ])("%j", (line, expected) => {
    expect(parseInput(line)).toEqual(expected);
  });
});
