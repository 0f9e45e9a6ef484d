// The app under its own security headers in Chromium: the content security policy (no inline script or style,
// sockets to this host only) lets every page work — login, chat, compare, annotate, theme — with no violation
// reported, and XSS payloads in corpus text, in a model's output and in a thread's title stay inert text. The login
// page in both languages, a guest's narrower app, and logout.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAccounts } from "../support/accounts";
import { accessibilityViolations } from "../support/accessibility";
import { hasChromium, openPage, type OpenedPage } from "../support/browser";
import { browserSuite } from "../support/browserSuite";
import { openAIKind, routed, type RoutedFake } from "../support/chatTurn";
import { startFakeOpenAI } from "../support/fakeOpenAI";

/** Each payload, if it ran, would set window.__xss; none may. */
const IMG = `<img src="x" onerror="window.__xss='img'">`;
const SCRIPT = `<script>window.__xss='script'</script>`;
const SVG = `"><svg onload="window.__xss='svg'">`;
const LINK = `[apasă aici](javascript:window.__xss='link')`;
const ANSWER = `Pensiile speciale sunt discutate [1]. ${IMG} ${SCRIPT} ${LINK} Gata.`;
const TITLE = `Pensii ${SVG} ${IMG}`;
const CODE = "pensii-2026";
const ADMIN_PASSWORD = "parola-admin-1";

function corpusWithPayloads(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "echochamber-security-"));
  mkdirSync(path.join(dir, "corpus", "cleaned"), { recursive: true });
  const records = [
    {
      id: "otravit",
      title: `Pensiile speciale ${SVG}`,
      text: `Pensiile speciale ale magistraților au crescut din nou. ${IMG} ${SCRIPT} ${LINK}`,
      source: `Gazeta ${IMG}`,
      platform: "stiri",
      date: "2025-03-10",
      url: "javascript:window.__xss='url'",
    },
    ...["Pensiile speciale trebuie tăiate!", "Pensiile speciale sunt o rușine."].map((text, i) => ({
      id: `c${i}`,
      text,
      source: "Pagina Test",
      platform: "facebook",
      date: "2025-03-11",
      url: "",
    })),
  ];
  writeFileSync(
    path.join(dir, "corpus", "cleaned", "test.jsonl"),
    records.map((r) => JSON.stringify({ lang: "ro", ...r })).join("\n"),
  );
  return dir;
}

/** Records CSP violations as the page sees them (the event), before any script of the app runs. */
async function watchViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
}

async function violations(opened: OpenedPage): Promise<string[]> {
  const fromEvents = await opened.page.evaluate(
    () => (window as unknown as { __violations?: string[] }).__violations ?? [],
  );
  const fromConsole = opened.errors.filter((e) => /Content Security Policy/i.test(e));
  return [...fromEvents, ...fromConsole];
}

async function openWatched(browser: Browser, url: string): Promise<OpenedPage> {
  const opened = await openPage(browser, "about:blank");
  await watchViolations(opened.page);
  await opened.page.goto(url);
  return opened;
}

describe.skipIf(!hasChromium)("browser: security headers, CSP and inert payloads", () => {
  let openai: RoutedFake;

  // Registered before the suite's hooks: the fake starts before the server and closes after it.
  beforeAll(async () => {
    openai = routed(await startFakeOpenAI(), openAIKind, ANSWER);
  });
  afterAll(async () => {
    await openai?.fake.close();
  });

  const suite = browserSuite({
    env: () => ({
      AUTH: "code",
      AUTH_CODE: CODE,
      MODEL_PRIMARY: "openai:gpt-4o-mini",
      OPENAI_API_KEY: "sk-test-securitate",
      OPENAI_BASE_URL: openai.fake.url,
      TOP_K: "3",
    }),
    dir: corpusWithPayloads,
  });

  beforeAll(async () => {
    await addAccounts(suite.server.dir, [{ username: "admin", role: "admin", password: ADMIN_PASSWORD }]);
  }, 120_000);

  it("sends the policy and the other security headers with the page", async () => {
    const res = await fetch(suite.server.url);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/style-src 'self'(;|$)/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|upgrade-insecure-requests/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-powered-by")).toBeNull();
  });

  it("lets a guest in with the code, in Romanian and English, to a chat-only app", async () => {
    const opened = await openWatched(suite.browser, suite.server.url);
    const { page } = opened;
    await page.getByTestId("login-code").waitFor();
    await page.getByTestId("lang-en").click();
    await page.getByTestId("login-code").fill("gresit");
    await page.getByTestId("login-submit").click();
    await expect
      .poll(() => page.getByTestId("login-error").innerText())
      .toMatch(/access code .* not correct/);
    expect.soft(await accessibilityViolations(page)).toEqual([]);
    await page.getByTestId("lang-ro").click();
    // The error shown follows the switch: said again in Romanian, not left in English.
    await expect
      .poll(() => page.getByTestId("login-error").innerText())
      .toMatch(/Codul de acces nu este corect/);
    await page.getByTestId("login-code").fill(CODE);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("chat-input").waitFor();
    expect(await page.getByTestId("account-name").innerText()).toMatch(/^Invitat /);
    expect(await page.getByTestId("nav-compare").count()).toBe(0);
    expect(await page.getByTestId("nav-annotate").count()).toBe(0);

    await page.getByTestId("logout").click();
    await page.getByTestId("login-code").waitFor();
    expect(await violations(opened)).toEqual([]);
    // The browser reports the refused code's 401 itself; nothing else went wrong.
    expect(opened.errors).toEqual([expect.stringMatching(/status of 401/)]);
    await opened.context.close();
  }, 60_000);

  it("works under its own policy and keeps payloads in corpus, answers and titles inert", async () => {
    const opened = await openWatched(suite.browser, suite.server.url);
    const { page } = opened;
    await page.getByTestId("login-username").fill("admin");
    await page.getByTestId("login-password").fill(ADMIN_PASSWORD);
    await page.getByTestId("login-account-submit").click();
    await page.getByTestId("chat-input").waitFor();

    await page.getByTestId("chat-input").fill(TITLE);
    await page.getByTestId("chat-input").press("Enter");
    await expect
      .poll(() => page.getByTestId("message-assistant").last().getAttribute("data-status"), {
        timeout: 20_000,
      })
      .toBe("done");
    // The model's payloads are shown as text, never as elements or links that run.
    const answer = await page.getByTestId("answer-text").last().innerText();
    expect(answer).toContain(`window.__xss='img'`);
    expect(answer).toContain("<script>");
    // The poisoned source opens in the panel, text and all.
    await page.getByRole("button", { name: "Deschide sursa 1" }).first().click();
    await page.getByTestId("source-panel").waitFor();
    await expect.poll(() => page.getByTestId("thread-item").first().innerText()).toContain("<svg onload");

    await page.getByTestId("theme-toggle").click();
    await page.getByTestId("nav-compare").click();
    await page.getByTestId("compare-page").waitFor();
    await page.getByTestId("nav-annotate").click();
    await page.waitForLoadState("networkidle");
    await page.getByTestId("nav-chat").click();
    await page.getByTestId("chat-input").waitFor();

    const dom = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: string }).__xss ?? null,
      handlers: document.querySelectorAll("[onerror], [onload]").length,
      scripts: [...document.querySelectorAll("script")].filter((s) => !s.src).length,
      jsLinks: [...document.querySelectorAll("a[href]")].filter((a) =>
        /^\s*javascript:/i.test(a.getAttribute("href") ?? ""),
      ).length,
      svg: document.querySelectorAll("svg[onload]").length,
      title: document.title,
    }));
    expect(dom).toMatchObject({ xss: null, handlers: 0, scripts: 0, jsLinks: 0, svg: 0 });
    expect(dom.title).toContain("<svg onload");
    expect(await violations(opened)).toEqual([]);
    expect(opened.errors).toEqual([]);

    // The watch sees a violation when there is one, and the policy blocks it: an inline script put in the page.
    const probe = await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__xss = 'probe'";
      document.body.append(script);
      return (window as unknown as { __xss?: string }).__xss ?? null;
    });
    expect(probe).toBeNull();
    await expect.poll(async () => (await violations(opened)).join("\n")).toMatch(/script-src/);
    await opened.context.close();
  }, 90_000);
});
