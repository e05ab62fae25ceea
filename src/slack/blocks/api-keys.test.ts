// The API key messages: the new key shown in a code block, the list capped with names escaped, within Slack's limits.
import { describe, expect, it } from "vitest";
import type { ApiKeySummary } from "../../domain/api-keys/api-key-store.ts";
import { expectValid } from "../../testing/blocks/expect-valid.ts";
import { OPTS } from "../../testing/blocks/hostile.ts";
import { apiKeyCreatedBlocks, apiKeyListBlocks, apiKeyRevokedBlocks } from "./api-keys.ts";

const key = (i: number, name = `key-${i}`): ApiKeySummary => ({
  id: `kabcdefgh${String(i).padStart(2, "0")}`,
  name,
  created_by: 1,
  created_by_name: "Ada *Admin*",
  created_at: new Date(OPTS.now.getTime() - i * 60_000),
  last_used_at: i % 2 ? null : OPTS.now,
  revoked_at: null,
  revoked_by: null,
});

describe("API key blocks", () => {
  it("shows a new key once, whole, in a code block", () => {
    const secret = `mst_kabcdefgh01_${"A".repeat(43)}`;
    const msg = expectValid(apiKeyCreatedBlocks({ id: "kabcdefgh01", name: "website" }, secret));
    expect(JSON.stringify(msg.blocks)).toContain(`\`\`\`${secret}\`\`\``);
    expect(msg.text).not.toContain(secret);
  });

  it("lists keys with escaped names and last use; caps a long list", () => {
    const msg = expectValid(apiKeyListBlocks([key(1, "<!channel> *site*"), key(2)], OPTS));
    const text = JSON.stringify(msg.blocks);
    expect(text).not.toContain("<!channel>");
    expect(text).toContain("last used never");
    const many = expectValid(
      apiKeyListBlocks(
        Array.from({ length: 120 }, (_, i) => key(i, "n".repeat(60))),
        OPTS,
      ),
    );
    expect(JSON.stringify(many.blocks.at(-1))).toContain("100 more");
  });

  it("says how to create the first key, and what a revocation does", () => {
    expect(JSON.stringify(expectValid(apiKeyListBlocks([], OPTS)).blocks)).toContain("api-key create website");
    expect(expectValid(apiKeyRevokedBlocks({ id: "kabcdefgh01", name: "website" })).text).toContain("revoked");
  });
});
