// The App Home snapshot: every part, each empty part in one line, a failed part named, within 100 blocks.
import { describe, expect, it } from "vitest";
import { VIEWS } from "../ids.ts";
import { homeView, type HomeSnapshot } from "./home.ts";
import { buttonsOf, expectValid } from "../../testing/blocks/expect-valid.ts";
import { long, OPTS } from "../../testing/blocks/hostile.ts";
import { bookingsNormal, execution, intake, queueNormal, roleRequest } from "../../testing/blocks/inputs.ts";

const snapshot = (): HomeSnapshot => ({
  queue: queueNormal(),
  oldestNew: intake(4, { status: "NEW" }),
  roleRequests: { total: 2, requests: [roleRequest(0), roleRequest(1)] },
  failures: { total: 1, executions: [execution(0)] },
  bookings: bookingsNormal(),
});

describe("homeView", () => {
  it("shows queue depth, oldest NEW, role requests with buttons, failures and bookings", () => {
    const view = expectValid(homeView(snapshot(), OPTS));
    expect(view).toMatchObject({ type: "home", callback_id: VIEWS.home });
    const json = JSON.stringify(view.blocks);
    expect(json).toContain("*Intake queue* · 3 open");
    expect(json).toContain("Oldest NEW: *Robin Rivera* (#5), waiting 5 days.");
    expect(json).toContain("*Workflow failures · last 24 h* · 1");
    expect(json).toContain("*Upcoming bookings* · 4");
    expect(json).toContain("Ask me anything");
    expect(buttonsOf(view)).toHaveLength(4);
    expect(view).toMatchSnapshot();
  });

  it("says each empty part in one line", () => {
    const view = expectValid(
      homeView(
        {
          queue: { total: 0, counts_by_status: { NEW: 0, TRIAGED: 0, QUALIFIED: 0, BOOKED: 0 } },
          oldestNew: null,
          roleRequests: { total: 0, requests: [] },
          failures: { total: 0, executions: [] },
          bookings: { total: 0, slots: [] },
        },
        OPTS,
      ),
    );
    const json = JSON.stringify(view.blocks);
    for (const line of [
      "The queue is empty.",
      "No pending role requests.",
      "No workflow failed in the last 24 hours.",
      "No upcoming bookings.",
    ]) {
      expect(json).toContain(line);
    }
    expect(buttonsOf(view)).toHaveLength(0);
  });

  it("names a part that could not be loaded and still shows the rest", () => {
    const view = expectValid(
      homeView({ ...snapshot(), failures: { error: "the database timed out" }, oldestNew: { error: "boom" } }, OPTS),
    );
    const json = JSON.stringify(view.blocks);
    expect(json).toContain("Could not load this: the database timed out");
    expect(json).toContain("*Upcoming bookings*");
  });

  it("stays within 100 blocks with oversized parts", () => {
    const many = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
    const view = expectValid(
      homeView(
        {
          queue: { total: 500, counts_by_status: { NEW: 500 } },
          oldestNew: intake(0, { contact_name: long(300) }),
          roleRequests: {
            total: 200,
            requests: many(200, (i) => roleRequest(i, { reason: long(10_000), user: { id: i, name: long(300), email: long(300) } })),
          },
          failures: { total: 900, executions: many(100, (i) => execution(i, { error: long(10_000), rule: { id: i, name: long(300) } })) },
          bookings: { total: 300, slots: bookingsNormal().slots.concat(many(100, () => bookingsNormal().slots[0]!)) },
        },
        OPTS,
      ),
    );
    const json = JSON.stringify(view.blocks);
    expect(json).toContain("…and 195 more: `/maestro approvals`");
    expect(json).toContain("…and 895 more: `/maestro workflows failed`");
  });
});

describe("the setup part (admins)", () => {
  const check = (id: string, verdict: "pass" | "warn" | "fail", fix?: string) => ({ id, title: id, verdict, detail: `${id} detail`, fix });

  it("lists failures before warnings, each with its fix, and leaves passes out", () => {
    const view = homeView(
      {
        ...snapshot(),
        setup: [check("time zones", "pass"), check("mail", "warn", "set SMTP_URL"), check("database", "fail", "run `maestro migrate`")],
      },
      OPTS,
    );
    expectValid(view);
    const setup = JSON.stringify(view.blocks[2]);
    expect(setup).toMatch(/Setup needs attention\* · 2/);
    expect(setup.indexOf("database")).toBeLessThan(setup.indexOf("mail"));
    expect(setup).toContain("run `maestro migrate`");
    expect(setup).not.toContain("time zones");
  });

  it("says in one line that every check passes, and shows nothing to someone who is not an admin", () => {
    const passing = homeView({ ...snapshot(), setup: [check("database", "pass"), check("mail", "pass")] }, OPTS);
    expect(JSON.stringify(passing.blocks[2])).toMatch(/✅ Setup: 2 checks pass/);
    expect(JSON.stringify(homeView(snapshot(), OPTS).blocks)).not.toMatch(/Setup/);
  });

  it("stays within Slack's limits with many long findings", () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ ...check(`check ${i}`, "fail", long(2000)), detail: long(3000) }));
    expectValid(homeView({ ...snapshot(), setup: many }, OPTS));
  });
});
