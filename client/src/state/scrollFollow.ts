// How the conversation follows a streamed answer (client/src/components/MessageList.tsx), as arithmetic on the
// scrolling box's coordinates (px from the top of its content). The question sent comes up near the top, the answer
// streams below it, and the view follows the answer's newest line only until the start of the answer's text reaches
// the top (its steps may scroll away): it never scrolls an answer's beginning out of sight by itself, so that a room
// can read it from the start while it is written. What the reader scrolled to is theirs: following stops once they
// scroll up, and scrolls up only to give back an answer's start that shrinking content above it (the steps folding
// when the answer is done) took out of sight.

/** Space kept between the box's top and the question or answer it brings up, and below the newest line. */
export const FOLLOW_MARGIN_PX = 16;

/** How close to the newest line (px) the reader must scroll back down for the view to follow again. */
export const FOLLOW_RESUME_PX = 48;

export interface FollowGeometry {
  scrollTop: number;
  /** The box's visible height. */
  viewHeight: number;
  /** Where the followed answer's text starts (or its question, before the answer has begun). */
  answerTop: number;
  /** Where the answer's newest line ends. */
  latestBottom: number;
}

/**
 * Where to scroll so that the newest line is in sight without the answer's start leaving it. Upwards only with
 * `giveBack` (the answer this page asked for, whose start something above it pushed out), otherwise never.
 */
export function followScrollTop(g: FollowGeometry, giveBack = false): number {
  const toLatest = g.latestBottom + FOLLOW_MARGIN_PX - g.viewHeight;
  const cap = g.answerTop - FOLLOW_MARGIN_PX;
  return giveBack
    ? Math.max(0, Math.min(Math.max(g.scrollTop, toLatest), cap))
    : Math.max(g.scrollTop, Math.min(toLatest, cap));
}

/**
 * The empty space needed below the content for the question to come up to the top (the ChatGPT way: a short
 * answer streams below its question, not at the bottom of the screen).
 */
export function followSpacer(questionTop: number, contentBottom: number, viewHeight: number): number {
  return Math.max(0, Math.ceil(questionTop - FOLLOW_MARGIN_PX + viewHeight - contentBottom));
}

/** Whether the conversation's end lies below the screen, far enough to offer "jump to latest". */
export function isBehind(scrollTop: number, viewHeight: number, contentBottom: number): boolean {
  return contentBottom - (scrollTop + viewHeight) > FOLLOW_RESUME_PX;
}
