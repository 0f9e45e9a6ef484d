// Blind preferences are judged out of sight of the results: a finished comparison shows only an entry ("Judecați pe
// nevăzute") beside its results, the pairs come alone once entered, and with accounts the person is the account,
// not a name anyone may type. Rendered without a browser; the browser test (e2e/quality.test.ts) enters and leaves.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "../../contract/auth";
import { BlindPreference } from "../../client/src/components/compare/BlindPreference";
import { RunResults } from "../../client/src/components/compare/RunResults";
import { I18nProvider } from "../../client/src/i18nContext";
import { ReviewProvider } from "../../client/src/review";
import type { ResultRow } from "../../server/compare/runner";
import { runResponse } from "../../server/compare/runView";
import { parseSuite } from "../../server/compare/suite";
import { summarize } from "../../server/compare/summary";

const access = vi.hoisted(() => ({ user: undefined as SessionUser | undefined }));
vi.mock("../../client/src/AccessGate", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../client/src/AccessGate")>();
  return {
    ...real,
    useAccess: () => ({ ...real.useAccess(), ...(access.user ? { mode: "users", user: access.user } : {}) }),
  };
});

afterEach(() => {
  vi.unstubAllGlobals();
  access.user = undefined;
});

function render(node: ReactElement): string {
  vi.stubGlobal("localStorage", { getItem: () => null, setItem: () => {} });
  return renderToStaticMarkup(
    <I18nProvider>
      <ReviewProvider>{node}</ReviewProvider>
    </I18nProvider>,
  );
}

const suite = parseSuite({
  name: "Mică",
  cases: [{ id: "c1", criterion: "romana", prompt: "Întrebarea?", assert: [{ type: "language" }] }],
});

const row = (model: string): ResultRow => ({
  caseId: "c1",
  criterion: "romana",
  kind: "prompt",
  model,
  temperature: 0,
  run: 1,
  status: "ok",
  pass: true,
  score: 1,
  text: `Răspunsul lui ${model}.`,
  annotation: null,
  latencyMs: 120,
  ttftMs: 40,
  inputTokens: null,
  outputTokens: null,
  costUsd: null,
  finishReason: "stop",
  refused: false,
  jsonValid: null,
  assertions: [],
  error: null,
});

const rows = [row("a:x"), row("b:y")];
const request = {
  suite,
  models: ["a:x", "b:y"],
  runs: 1,
  temperatures: [0],
  concurrency: 1,
  timeoutMs: 1000,
};
const done = runResponse(
  {
    id: "r1",
    userId: "local",
    status: "done",
    done: 2,
    total: 2,
    createdAt: "2099-01-01T00:00:00.000Z",
    finishedAt: "2099-01-01T00:01:00.000Z",
    request,
    results: summarize({
      ...request,
      startedAt: "2099-01-01T00:00:00.000Z",
      finishedAt: "2099-01-01T00:01:00.000Z",
      interrupted: false,
      warmups: [],
      rows,
    }),
    error: null,
    owner: null,
    heartbeatAt: null,
    cancelRequested: false,
  },
  rows,
  "ro",
  true,
);

describe("blind preferences", () => {
  it("are entered on purpose: beside the results only an entry, no pair and no name field", () => {
    const html = render(<RunResults run={done} />);
    expect(html).toContain('data-testid="compare-summary"');
    expect(html).toContain('data-testid="blind-start"');
    expect(html).toContain("Judecați pe nevăzute");
    expect(html).not.toContain('data-testid="blind-person"');
    expect(html).not.toContain('data-testid="blind-mode"');
  });

  it("while judging, say the results are hidden, and take the person from the account", () => {
    access.user = { id: "u-ion", name: "ion", role: "member", kind: "user" };
    const html = render(<BlindPreference run={done} judging onJudging={() => undefined} />);
    expect(html).toContain('data-testid="blind-hidden"');
    expect(html).toContain('data-testid="blind-exit"');
    expect(html).toMatch(
      /data-testid="blind-person"[^>]*value="ion"[^>]*readOnly=""|readOnly=""[^>]*value="ion"/,
    );
    expect(html).toContain("Preferințele se păstrează pe contul dvs.");
    access.user = undefined;
    const local = render(<BlindPreference run={done} judging onJudging={() => undefined} />);
    expect(local).not.toMatch(/readOnly=""/);
  });
});
