// Two past comparisons side by side (GET /api/compare/diff): two real runs of the offline models, the second after
// the suite's check was fixed and the temperature changed, say what was fixed; each run is read as GET /:runId reads
// it (a member their own, an admin everyone's, another member 404); the same run twice, suites with no common case
// and a bad query are refused in the asker's language; a run still running is compared as partial.
import path from "node:path";
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { type CompareRunResponse, type CompareStartResponse } from "../../contract/compare";
import { CompareDiffResponseSchema } from "../../contract/compareDiff";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { startFakeOpenAI, type FakeServer } from "../support/fakeOpenAI";
import { startTestServer, tempCorpus, type TestServer } from "../support/server";
import { HttpSession } from "../support/session";

const SOURCE = "Guvernul a anunțat că pensiile vor fi indexate cu cinci procente.";

/** Two cases the extractive model answers from their source, and one the lexicon annotates; `word` is c2's check. */
function suite(word: string, name = "Pensii") {
  return {
    name,
    cases: [
      {
        id: "c1",
        criterion: "romana",
        prompt: "Ce se întâmplă cu pensiile?",
        sources: [SOURCE],
        assert: [{ type: "language" }],
      },
      {
        id: "c2",
        criterion: "instructiuni",
        prompt: "Cu cât vor fi indexate pensiile?",
        sources: [SOURCE],
        assert: [{ type: "contains", value: word }],
      },
      {
        id: "a1",
        criterion: "adnotare",
        annotate: "Hoții din Parlament ne fură pensiile, oamenii cinstiți plătesc!",
        expected: { ton: "negativ" },
      },
    ],
  };
}

const MODELS = ["offline:extractive", "offline:lexicon"];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type ErrorBody = { error: { code: string; message: string } };

async function start(
  session: HttpSession,
  body: { suite: unknown; models?: string[]; temperatures?: number[] },
): Promise<string> {
  const started = await session.post("/api/compare", { models: MODELS, temperatures: [0], ...body });
  expect(started.status).toBe(202);
  return (started.body as CompareStartResponse).runId;
}

async function finished(session: HttpSession, runId: string): Promise<CompareRunResponse> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const run = (await session.get(`/api/compare/${runId}?cases=0`)).body as CompareRunResponse;
    if (run.status !== "running") return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still running`);
    await sleep(50);
  }
}

describe("GET /api/compare/diff", () => {
  const dir = tempCorpus();
  let server: TestServer;
  let fake: FakeServer;
  afterAll(async () => {
    await server?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("says what changed between two of a member's runs, to them and to an admin, never to another member", async () => {
    fake = await startFakeOpenAI();
    fake.setDefault({ text: "Pensiile vor fi indexate [1].", delayMs: 4000 });
    server = await startTestServer(
      {
        AUTH: "users",
        TRUST_PROXY: "loopback",
        OPENAI_COMPATIBLE_BASE_URL: fake.url,
        MODEL_PRIMARY: "openai-compatible:lent",
        MODEL_FALLBACK: "",
      },
      dir,
      { keepDir: true },
    );
    const accounts = new SqliteAuthStore(path.join(dir, "data", "echochamber.db"));
    for (const [username, role] of [
      ["ana", "member"],
      ["ion", "member"],
      ["sef", "admin"],
    ] as const) {
      await accounts.addUser({ username, role, passwordHash: await hashPassword(`parola-${username}-1`) });
    }
    await accounts.close();
    const login = async (username: string, ip: string, lang: "ro" | "en" = "ro") => {
      const session = new HttpSession(server.url, ip, lang);
      expect((await session.login({ username, password: `parola-${username}-1` })).status).toBe(200);
      return session;
    };
    const ana = await login("ana", "198.51.100.1");
    const ion = await login("ion", "198.51.100.2");
    const sef = await login("sef", "198.51.100.3", "en");

    // The first run checks a word the answer lacks; the second, after the check was fixed, at another temperature.
    const first = await start(ana, { suite: suite("nicidecum") });
    await finished(ana, first);
    const second = await start(ana, { suite: suite("pensii"), temperatures: [0.7] });
    await finished(ana, second);

    const res = await ana.get(`/api/compare/diff?a=${first}&b=${second}`);
    expect(res.status).toBe(200);
    const diff = CompareDiffResponseSchema.parse(res.body);
    expect(diff.a).toMatchObject({ runId: first, status: "done", temperatures: [0], models: MODELS });
    expect(diff.b).toMatchObject({ runId: second, status: "done", temperatures: [0.7] });
    expect(diff.a.suite).toMatchObject({ id: "inline", name: "Pensii", cases: 3 });
    expect(diff).toMatchObject({ suiteMismatch: false, partial: false, onlyA: [], onlyB: [] });
    const cell = (caseId: string, model: string) =>
      diff.cases.find((c) => c.caseId === caseId)!.models.find((m) => m.model === model)!;
    expect(cell("c2", "offline:extractive")).toMatchObject({
      passedA: false,
      passedB: true,
      change: "fixed",
    });
    expect(cell("c1", "offline:extractive").change).toBe("same");
    // The lexicon annotates the same way at any temperature: the same, no label sets.
    expect(cell("a1", "offline:lexicon").change).toBe("same");
    expect(cell("a1", "offline:lexicon").labels).toBeUndefined();
    expect(diff.counts.fixed).toBe(1);
    expect(diff.counts.broke).toBe(0);
    const extractive = diff.models.find((m) => m.model === "offline:extractive")!;
    expect(extractive.passRate.delta).toBeCloseTo(extractive.passRate.b! - extractive.passRate.a!);
    expect(extractive.passRate.delta).toBeGreaterThan(0);
    expect(extractive.latencyMean.a).not.toBeNull();
    expect(extractive.latencyMedian.b).not.toBeNull();

    // The admin sees it (in English); another member gets "not found", as for the run itself.
    const bySef = await sef.get(`/api/compare/diff?a=${first}&b=${second}`);
    expect(bySef.status).toBe(200);
    const byIon = await ion.get(`/api/compare/diff?a=${first}&b=${second}`);
    expect(byIon.status).toBe(404);
    expect((byIon.body as ErrorBody).error.code).toBe("compare:not_found");
    // Ion's own run beside Ana's: still not found.
    const ions = await start(ion, { suite: suite("pensii") });
    await finished(ion, ions);
    expect((await ion.get(`/api/compare/diff?a=${ions}&b=${first}`)).status).toBe(404);
    expect((await ana.get(`/api/compare/diff?a=${first}&b=nu-exista`)).status).toBe(404);

    // The same run twice.
    const same = await ana.get(`/api/compare/diff?a=${first}&b=${first}`);
    expect(same.status).toBe(422);
    expect((same.body as ErrorBody).error).toEqual({
      code: "compare:diff_same_run",
      message: "Alegeți două comparații diferite: o comparație nu are ce schimba față de ea însăși.",
    });
    // Suites without a common case; one sharing cases is compared with a warning.
    const apart = await start(ana, {
      suite: { name: "Altceva", cases: [{ id: "x1", criterion: "romana", prompt: "Salut?", assert: [] }] },
      models: ["offline:extractive"],
    });
    await finished(ana, apart);
    const anaEn = await login("ana", "198.51.100.4", "en");
    const mismatch = await anaEn.get(`/api/compare/diff?a=${first}&b=${apart}`);
    expect(mismatch.status).toBe(422);
    expect((mismatch.body as ErrorBody).error.code).toBe("compare:diff_suite_mismatch");
    expect((mismatch.body as ErrorBody).error.message).toBe(
      'The two comparisons share no case (suites "Pensii" and "Altceva"): there is nothing to compare. Choose two comparisons of the same suite.',
    );
    const renamed = await start(ana, { suite: suite("pensii", "Pensii (2)") });
    await finished(ana, renamed);
    const warned = CompareDiffResponseSchema.parse(
      (await ana.get(`/api/compare/diff?a=${first}&b=${renamed}`)).body,
    );
    expect(warned.suiteMismatch).toBe(true);

    // A query without b.
    const bad = await anaEn.get(`/api/compare/diff?a=${first}`);
    expect(bad.status).toBe(400);
    expect((bad.body as ErrorBody).error.code).toBe("input:invalid");
    expect((bad.body as ErrorBody).error.message).toContain("b");

    // A run still running: compared on what it has, as partial.
    const slow = await start(ana, { suite: suite("pensii"), models: ["openai-compatible:lent"] });
    const partial = await ana.get(`/api/compare/diff?a=${first}&b=${slow}`);
    expect(partial.status).toBe(200);
    const running = CompareDiffResponseSchema.parse(partial.body);
    expect(running.partial).toBe(true);
    expect(running.b.status).toBe("running");
    expect(running.onlyA).toEqual(MODELS);
    expect(running.onlyB).toEqual(["openai-compatible:lent"]);
    expect((await ana.request("DELETE", `/api/compare/${slow}`)).status).toBe(202);
    await finished(ana, slow);
  }, 90_000);
});
