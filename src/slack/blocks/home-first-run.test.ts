// The first-run checklist on the Home tab: every undone step with its button, done steps ticked, nothing once all are;
// within Block Kit's limits, and the modals its buttons open.
import { describe, expect, it } from "vitest";
import { ACTIONS } from "../ids.ts";
import { buttonsOf, expectValid } from "../../testing/blocks/expect-valid.ts";
import { OPTS } from "../../testing/blocks/hostile.ts";
import { bookingsNormal } from "../../testing/blocks/inputs.ts";
import { addTeammateModal, digestHowToModal, firstRunPart, readAddTeammate, type FirstRun } from "./home-first-run.ts";
import { homeView, type HomeSnapshot } from "./home.ts";

const empty: FirstRun = { progress: { team: 0, apiKeys: 0, rules: 0 }, digestChannel: undefined };
const snapshot = (firstRun?: FirstRun): HomeSnapshot => ({
  queue: { total: 0, counts_by_status: { NEW: 0, TRIAGED: 0, QUALIFIED: 0, BOOKED: 0 } },
  oldestNew: null,
  roleRequests: { total: 0, requests: [] },
  failures: { total: 0, executions: [] },
  bookings: { ...bookingsNormal(), total: 0, slots: [] },
  ...(firstRun ? { firstRun } : {}),
});

describe("the first-run checklist", () => {
  it("leads an empty studio's Home tab with the four steps and their buttons", () => {
    const view = expectValid(homeView(snapshot(empty), OPTS));
    const text = JSON.stringify(view.blocks);
    expect(text.indexOf("Getting started")).toBeLessThan(text.indexOf("Intake queue"));
    expect(text).toContain("0 of 4 done");
    expect(buttonsOf(view).map((b) => String(b.action_id).split(":")[0])).toEqual([
      ACTIONS.setupTeam,
      ACTIONS.setupApiKey,
      ACTIONS.setupDigest,
      ACTIONS.ruleNew,
    ]);
  });

  it("ticks what is done, keeps the buttons of what is not, and is gone once all four are", () => {
    const half = firstRunPart({ progress: { team: 2, apiKeys: 0, rules: 1 }, digestChannel: undefined });
    expectValid(homeView(snapshot({ progress: { team: 0, apiKeys: 1, rules: 0 }, digestChannel: "C0DIGEST" }), OPTS));
    const text = JSON.stringify(half);
    expect(text).toContain("2 of 4 done");
    expect(text).toContain("✅ Team: 2 people hold STAFF or INSTRUCTOR.");
    expect(text).toContain("✅ Rules: 1");
    expect(half.filter((b) => b.type === "section" && "accessory" in b && b.accessory)).toHaveLength(2);
    expect(firstRunPart({ progress: { team: 1, apiKeys: 1, rules: 1 }, digestChannel: "C0DIGEST" })).toEqual([]);
    expect(firstRunPart(undefined)).toEqual([]); // not an admin
  });

  it("is not shown to someone the snapshot gives no progress (not an admin)", () => {
    expect(JSON.stringify(homeView(snapshot(), OPTS).blocks)).not.toContain("Getting started");
  });
});

describe("the first-run modals", () => {
  it("ask who and which role, and read the answer or name the missing field", () => {
    expectValid(addTeammateModal());
    expectValid(digestHowToModal());
    expect(readAddTeammate({ state: { values: {} } })).toMatchObject({ ok: false });
    const values = {
      "maestro.setup.team.person.input": { "maestro.setup.team.person": { selected_user: "U0NEW" } },
      "maestro.setup.team.role.input": { "maestro.setup.team.role": { selected_option: { value: "INSTRUCTOR" } } },
    };
    expect(readAddTeammate({ state: { values } })).toEqual({ ok: true, slackUserId: "U0NEW", role: "INSTRUCTOR" });
  });
});
