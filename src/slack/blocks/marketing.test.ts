// The funnel, activity, contacts and search-log cards, within limits for normal, huge and empty results.
import { describe, expect, it } from "vitest";
import { activityBlocks, contactsBlocks, funnelBlocks, searchesBlocks } from "./marketing.ts";
import { expectValid } from "../../testing/blocks/expect-valid.ts";
import { HOSTILE, long, OPTS } from "../../testing/blocks/hostile.ts";
import { activity, contacts, funnel, searches } from "../../testing/blocks/inputs.ts";

describe("funnelBlocks", () => {
  it("shows the rates with their change against the previous window", () => {
    const msg = expectValid(funnelBlocks(funnel(), OPTS));
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain("*New → qualified*\\n45% (+5 pts)");
    expect(json).toContain("*Qualified → booked*\\n50% (−2.5 pts)");
    expect(msg).toMatchSnapshot();
  });

  it("shows — for rates with nothing to divide by, and the tool's note", () => {
    const msg = expectValid(funnelBlocks(funnel(0), OPTS));
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain("*New → qualified*\\n—");
    expect(json).toContain("No intakes were created");
  });
});

describe("activityBlocks", () => {
  it("lists event types by count", () => {
    const msg = expectValid(activityBlocks(activity(3), OPTS));
    expect(JSON.stringify(msg.blocks)).toContain("• *IntakeCreated0* — 3 · last 1 hour ago");
    expect(msg).toMatchSnapshot();
  });

  it("fits 50 long event types and counts the rest", () => {
    const msg = expectValid(activityBlocks(activity(400, long(100)), OPTS));
    expect(JSON.stringify(msg.blocks)).toContain("more event types");
  });

  it("says nothing happened", () => {
    const msg = expectValid(activityBlocks(activity(0), OPTS));
    expect(msg.blocks).toHaveLength(1);
  });
});

describe("contactsBlocks", () => {
  it("shows counts by status and the top sources", () => {
    const msg = expectValid(contactsBlocks(contacts()));
    expect(JSON.stringify(msg.blocks)).toContain("• website — 15");
    expect(msg).toMatchSnapshot();
  });

  it("keeps a hostile source inert and within limits", () => {
    expectValid(contactsBlocks(contacts(25, long(300), long(10_000))));
  });

  it("says there are no contacts", () => {
    const msg = expectValid(contactsBlocks(contacts(0)));
    expect(msg.text).toBe("There are no contacts yet.");
  });
});

describe("searchesBlocks", () => {
  it("shows the top queries and the ones that found nothing", () => {
    const msg = expectValid(searchesBlocks(searches(), OPTS));
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain("“glaze 1” — 4× · 3.5 results on average");
    expect(json).toContain("Found nothing (content gaps)");
    expect(msg).toMatchSnapshot();
  });

  it("fits 50 hostile queries", () => {
    expectValid(searchesBlocks(searches(50, `${HOSTILE} ${long(200)}`), OPTS));
  });

  it("reports an empty log plainly", () => {
    const msg = expectValid(searchesBlocks(searches(0), OPTS));
    expect(msg.text).toBe("The content search log is empty: no search has ever been logged.");
  });
});
