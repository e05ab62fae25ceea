// A Maestro process for crash tests (pending-action-crash.test.ts): the app composed over the database URL given with the
// fake Slack transport clicks Confirm on the card given, as the Slack user given, then waits to be killed (kill -9).
// Arguments: <database url> <button JSON> <card JSON> <clicker's Slack id>.
import { openDatabase } from "../db/connect.ts";
import { reply, ScriptedModel } from "./scripted-model.ts";
import { createSlackHarness } from "./slack-harness.ts";

const [url, buttonJson, cardJson, clicker] = process.argv.slice(2);
if (!url || !buttonJson || !cardJson || !clicker) throw new Error("usage: click-child <database url> <button> <card> <clicker>");

const db = await openDatabase({ url, poolMax: 4 });
const { fake } = createSlackHarness(db, { model: new ScriptedModel([reply("(the crashed process never gets here)")]) });
const button = JSON.parse(buttonJson) as { action_id: string; value: string };
const card = JSON.parse(cardJson) as { channel: string; ts: string };
await fake.click(clicker, button, card);
process.stdout.write("clicked\n");
await fake.settle(10 * 60_000);
