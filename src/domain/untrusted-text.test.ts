// What PostgreSQL cannot store is found and cleaned; what it can store is left exactly as it is.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanStringsInPlace, firstUnstorablePath, isStorableText, storableError, storableJson, storableText } from "./untrusted-text.ts";

describe("storable text", () => {
  it("drops NULs and replaces lone surrogates, keeping pairs (emoji) whole", () => {
    expect(storableText("a\u0000b \ud83d\ude00 \ud800x \udc00")).toBe("ab \ud83d\ude00 \ufffdx \ufffd");
  });

  it("makes any string storable and leaves a storable one untouched", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const clean = storableText(s);
        expect(isStorableText(clean)).toBe(true);
        if (isStorableText(s)) expect(clean).toBe(s);
      }),
    );
  });

  it("finds the path of the first unstorable argument", () => {
    expect(firstUnstorablePath({ intake_id: 3, note: "fine" })).toBeUndefined();
    expect(firstUnstorablePath({ items: [{ name: "ok" }, { name: "b\u0000d" }] })).toBe("items.1.name");
    expect(firstUnstorablePath("\ud800")).toBe("arguments");
  });

  it("cleans a parsed payload in place and writes JSON jsonb accepts", () => {
    const payload = { event: { text: "hi\u0000", blocks: [{ text: "\udc00" }] } };
    cleanStringsInPlace(payload);
    expect(payload).toEqual({ event: { text: "hi", blocks: [{ text: "\ufffd" }] } });
    expect(storableJson({ t: "x\u0000\ud800" })).toBe('{"t":"x\ufffd"}');
  });

  it("scrubs credentials from a stored error and bounds its length", () => {
    expect(storableError("auth failed for xoxb-123-456-abc and sk-ant-api03-SECRET")).not.toMatch(/xoxb-123|SECRET/);
    expect(storableError("x".repeat(5000))).toHaveLength(2000);
  });
});
