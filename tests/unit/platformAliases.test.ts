// A platform as people write it in their own files becomes the known platform's id at import.
import { describe, expect, it } from "vitest";
import { KNOWN_PLATFORMS } from "../../contract/corpus";
import { canonicalPlatform, PLATFORM_ALIASES } from "../../contract/platformAliases";

describe("canonicalPlatform", () => {
  it("maps the usual other spellings, in any case and with or without diacritics", () => {
    expect(canonicalPlatform("news")).toBe("stiri");
    expect(canonicalPlatform("Știri")).toBe("stiri");
    expect(canonicalPlatform("ŞTIRI")).toBe("stiri");
    expect(canonicalPlatform(" official ")).toBe("oficial");
    expect(canonicalPlatform("Surse oficiale")).toBe("oficial");
    expect(canonicalPlatform("Official sources")).toBe("oficial");
    expect(canonicalPlatform("Twitter")).toBe("x");
    expect(canonicalPlatform("X (Twitter)")).toBe("x");
    expect(canonicalPlatform("FB")).toBe("facebook");
    expect(canonicalPlatform("yt")).toBe("youtube");
    expect(canonicalPlatform("Tik Tok")).toBe("tiktok");
    expect(canonicalPlatform("Flux RSS")).toBe("rss");
  });

  it("keeps known ids and lower-cases any other platform as before", () => {
    for (const id of KNOWN_PLATFORMS) expect(canonicalPlatform(id)).toBe(id);
    expect(canonicalPlatform("Mastodon")).toBe("mastodon");
    expect(canonicalPlatform("Rețea locală")).toBe("rețea locală");
  });

  it("gives no alias to two platforms", () => {
    const all = Object.values(PLATFORM_ALIASES).flat();
    expect(new Set(all).size).toBe(all.length);
  });
});
