import { describe, expect, it } from "vitest";
import {
  FOLLOW_MARGIN_PX as M,
  followScrollTop,
  followSpacer,
  isBehind,
} from "../../client/src/state/scrollFollow";

describe("following a streamed answer", () => {
  it("scrolls down to the newest line while the answer's start stays in sight", () => {
    // The answer starts at 300, its newest line ends at 650, the box shows 400 px from 200.
    expect(followScrollTop({ scrollTop: 200, viewHeight: 400, answerTop: 300, latestBottom: 650 })).toBe(
      650 + M - 400,
    );
  });

  it("stops where the answer's start reaches the top, however far the text goes on", () => {
    expect(followScrollTop({ scrollTop: 200, viewHeight: 400, answerTop: 300, latestBottom: 5000 })).toBe(
      300 - M,
    );
  });

  it("never scrolls up by itself, unless giving back an answer's start that content above it pushed out", () => {
    const pushed = { scrollTop: 500, viewHeight: 400, answerTop: 300, latestBottom: 900 };
    expect(followScrollTop(pushed)).toBe(500);
    expect(followScrollTop(pushed, true)).toBe(300 - M);
    // Nothing to give back: a short answer in sight stays where it is.
    expect(
      followScrollTop({ scrollTop: 100, viewHeight: 400, answerTop: 300, latestBottom: 350 }, true),
    ).toBe(100);
  });

  it("leaves room below a short answer so that its question can come up to the top", () => {
    expect(followSpacer(1000, 1100, 400)).toBe(1000 - M + 400 - 1100);
    expect(followSpacer(1000, 2000, 400)).toBe(0);
  });

  it("offers the way to the latest only when the end is well out of sight", () => {
    expect(isBehind(0, 400, 420)).toBe(false);
    expect(isBehind(0, 400, 600)).toBe(true);
  });
});
