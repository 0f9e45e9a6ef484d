// Browser tests of how the conversation follows a streamed answer on a 1280 × 720 projector, in presentation mode and
// at the normal size: the question sent comes up near the top, the answer streams below it, the view follows the
// newest line only until the start of the answer's text would leave the screen (its steps may scroll away; sources
// arriving below never push it out), it
// stops following once the reader scrolls up, and "jump to latest" brings the newest line back and follows again.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { hasChromium, openPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";

const VIEWPORT = { width: 1280, height: 720 };

interface Frame {
  /** Where the answer's text starts, from the top of the conversation's scrolling box (negative: out of sight). */
  answerTop: number;
  /** Where the question starts, likewise. */
  questionTop: number;
  /** Where the answer's newest line ends, likewise. */
  textBottom: number;
  /** Where the answer (with its sources and footer) ends, likewise. */
  answerBottom: number;
  /** The box's visible height. */
  height: number;
  scrollTop: number;
  status: string | null;
}

/** Where the newest turn sits in the conversation's scrolling box now. */
async function frame(page: Page): Promise<Frame | undefined> {
  return page.evaluate(() => {
    const box = document.querySelector(".message-scroll");
    const answers = document.querySelectorAll("[data-testid=message-assistant]");
    const questions = document.querySelectorAll("[data-testid=message-user]");
    const answer = answers[answers.length - 1];
    const question = questions[questions.length - 1];
    const text = answer?.querySelector("[data-testid=answer-text]");
    if (!box || !answer || !question || !text) return undefined;
    const top = box.getBoundingClientRect().top;
    return {
      answerTop: text.getBoundingClientRect().top - top,
      questionTop: question.getBoundingClientRect().top - top,
      textBottom: text.getBoundingClientRect().bottom - top,
      answerBottom: answer.getBoundingClientRect().bottom - top,
      height: box.clientHeight,
      scrollTop: box.scrollTop,
      status: answer.getAttribute("data-status"),
    };
  });
}

/** Every frame of the newest answer from the moment it appears until it is done. */
async function watchAnswer(page: Page, answers: number): Promise<Frame[]> {
  const frames: Frame[] = [];
  await expect
    .poll(
      async () => {
        if ((await page.getByTestId("message-assistant").count()) < answers) return "waiting";
        const f = await frame(page);
        if (f) frames.push(f);
        return f?.status;
      },
      { timeout: 40_000, interval: 50 },
    )
    .toBe("done");
  return frames;
}

async function ask(page: Page, text: string): Promise<void> {
  await page.getByTestId("chat-input").fill(text);
  await page.getByTestId("chat-input").press("Enter");
}

describe.skipIf(!hasChromium)("browser: following a streamed answer", () => {
  // 40 ms a word: the answer streams for a few seconds, long enough to watch it and scroll away mid-stream.
  const suite = browserSuite({ env: { OFFLINE_STREAM_DELAY_MS: "40" } });

  for (const present of [true, false]) {
    it(`${present ? "presentation mode" : "normal size"}: the answer's start stays in view while it streams and after`, async () => {
      const { page, context, errors } = await openPage(suite.browser, suite.server.url, {
        viewport: VIEWPORT,
      });
      await page.getByTestId("chat-input").waitFor();
      if (present) await page.getByTestId("present-toggle").click();
      await page.getByTestId("starter").first().click();
      const frames = await watchAnswer(page, 1);
      expect(frames.length).toBeGreaterThan(5);
      for (const f of frames) {
        // The answer's start never leaves the screen, and its newest line is in sight unless the answer already
        // starts at the top (following stops there, so that the room can read it from its start).
        expect(f.answerTop, JSON.stringify(f)).toBeGreaterThanOrEqual(0);
        expect(f.answerTop, JSON.stringify(f)).toBeLessThan(f.height);
        if (f.answerTop > 40) expect(f.textBottom, JSON.stringify(f)).toBeLessThanOrEqual(f.height + 1);
      }
      // The question sent came up to the top (or just above it, once its answer reached the top), not left at the
      // bottom of the screen.
      expect(frames[0]!.questionTop).toBeLessThan(60);
      // After the answer is done (sources and chart laid out below it), its start is still where it was.
      const after = await frame(page);
      expect(after!.answerTop).toBeGreaterThanOrEqual(0);
      expect(after!.answerTop).toBeLessThan(after!.height);
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);
  }

  it("stops following when the reader scrolls up, and jump to latest brings the newest line back", async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url, { viewport: VIEWPORT });
    await page.getByTestId("chat-input").waitFor();
    await page.getByTestId("present-toggle").click();
    await ask(page, "Ce spun oamenii despre pensiile speciale?");
    await watchAnswer(page, 1);
    // The answer is taller than the projector's screen: the view stopped at its start, and offers its end.
    expect(await page.getByTestId("jump-latest").isVisible()).toBe(true);

    await ask(page, "Ce se spune despre diaspora?");
    await expect.poll(() => page.getByTestId("message-assistant").count(), { timeout: 10_000 }).toBe(2);
    // A few words in, the reader scrolls back up to read the first answer again.
    await expect
      .poll(async () => (await page.getByTestId("answer-text").last().innerText()).length, {
        timeout: 10_000,
      })
      .toBeGreaterThan(20);
    const box = page.locator(".message-scroll");
    const scrollTop = () => box.evaluate((el) => el.scrollTop);
    const before = await scrollTop();
    await box.hover();
    await page.mouse.wheel(0, -300);
    // The wheel's scroll has come to rest.
    let last = -1;
    await expect
      .poll(async () => {
        const now = await scrollTop();
        const rest = now < before && now === last;
        last = now;
        return rest;
      })
      .toBe(true);
    const left = await scrollTop();
    const frames = await watchAnswer(page, 2);
    // Nothing moved the view while the answer went on streaming.
    for (const f of frames) expect(f.scrollTop, JSON.stringify(f)).toBe(left);
    expect((await frame(page))!.scrollTop).toBe(left);

    // The answer's end is below the screen: "jump to latest" shows it.
    await expect.poll(() => page.getByTestId("jump-latest").isVisible()).toBe(true);
    await page.getByTestId("jump-latest").click();
    await expect
      .poll(async () => {
        const f = (await frame(page))!;
        return f.answerBottom > 0 && f.answerBottom <= f.height + 1;
      })
      .toBe(true);
    await expect.poll(() => page.getByTestId("jump-latest").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
