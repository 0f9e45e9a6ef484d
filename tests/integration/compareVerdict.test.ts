// A person's verdict on one answer of a comparison (PUT /api/compare/:runId/verdict): saved with the answer and read
// back by GET /:runId, in results.csv (human_verdict, human_comment, human_by) and report.md (how many answers people
// marked, how often they disagree with the checks); changed, then cleared with null; refused while the run runs (409),
// for an answer the run does not have (404, in the asker's language) and for a body out of shape (400); with
// accounts, the verdict is the account's whatever name is sent, and another member's run is "not found" to them.
import path from "node:path";
import { rmSync } from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import type {
  CaseAnswer,
  CompareRunResponse,
  CompareStartResponse,
  HumanVerdictResponse,
} from "../../contract/compare";
import { hashPassword } from "../../server/auth/passwords";
import { SqliteAuthStore } from "../../server/auth/sqliteStore";
import { startFakeOpenAI, type FakeServer } from "../support/fakeOpenAI";
import { startTestServer, tempCorpus, type TestServer } from "../support/server";
import { HttpSession } from "../support/session";

/** Two short cases the offline model answers from their source; the first passes its check, the second fails it. */
const SUITE = {
  name: "Verdicte",
  cases: [
    {
      id: "c1",
      criterion: "romana",
      prompt: "Ce se întâmplă cu pensiile?",
      sources: ["Guvernul a anunțat că pensiile vor fi indexate cu cinci procente."],
      assert: [{ type: "language" }],
    },
    {
      id: "c2",
      criterion: "romana",
      prompt: "Cine a anunțat indexarea?",
      sources: ["Guvernul a anunțat că pensiile vor fi indexate cu cinci procente."],
      assert: [{ type: "contains", value: "niciodată-în-răspuns" }],
    },
  ],
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function start(session: HttpSession, models = ["offline:extractive"]): Promise<string> {
  const started = await session.post("/api/compare", { models, suite: SUITE, temperatures: [0] });
  expect(started.status).toBe(202);
  return (started.body as CompareStartResponse).runId;
}

async function finished(session: HttpSession, runId: string): Promise<CompareRunResponse> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const run = (await session.get(`/api/compare/${runId}`)).body as CompareRunResponse;
    if (run.status !== "running") return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still running`);
    await sleep(50);
  }
}

const put = (session: HttpSession, runId: string, body: unknown) =>
  session.request("PUT", `/api/compare/${runId}/verdict`, body);

const answerOf = (run: CompareRunResponse, caseId: string): CaseAnswer =>
  run.cases!.find((c) => c.id === caseId)!.answers[0]!;

const KEY = { model: "offline:extractive", temperature: 0, run: 1 };

describe("people's verdicts on a comparison's answers with AUTH=off", () => {
  const dir = tempCorpus();
  let server: TestServer;
  let fake: FakeServer;
  afterAll(async () => {
    await server?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("saves a verdict with its comment and name, reads it back, exports it, changes and clears it", async () => {
    fake = await startFakeOpenAI();
    fake.setDefault({ text: "Pensiile vor fi indexate [1].", delayMs: 4000 });
    server = await startTestServer(
      { OPENAI_COMPATIBLE_BASE_URL: fake.url, MODEL_PRIMARY: "openai-compatible:lent", MODEL_FALLBACK: "" },
      dir,
      { keepDir: true },
    );
    const ro = new HttpSession(server.url);
    const en = new HttpSession(server.url, "203.0.113.1", "en");
    const runId = await start(ro);
    const before = await finished(ro, runId);
    expect(before.status).toBe("done");
    expect(answerOf(before, "c1")).toMatchObject({ status: "ok", pass: true });
    expect(answerOf(before, "c2")).toMatchObject({ status: "fail", pass: false });
    expect(answerOf(before, "c1").human).toBeUndefined();

    // c1 passed its check, and the person fails it: a disagreement. c2 failed, and the person fails it too.
    const saved = await put(ro, runId, {
      caseId: "c1",
      ...KEY,
      verdict: "fail",
      comment: "  Nu spune cu cât cresc pensiile.  ",
      person: "Ana Pop",
    });
    expect(saved.status).toBe(200);
    const body = saved.body as HumanVerdictResponse;
    expect(body).toMatchObject({
      caseId: "c1",
      ...KEY,
      human: { verdict: "fail", comment: "Nu spune cu cât cresc pensiile.", by: "Ana Pop" },
    });
    expect(Date.parse(body.human!.at)).not.toBeNaN();
    expect((await put(ro, runId, { caseId: "c2", ...KEY, verdict: "fail" })).status).toBe(200);

    const after = (await ro.get(`/api/compare/${runId}`)).body as CompareRunResponse;
    expect(answerOf(after, "c1").human).toEqual(body.human);
    // No name typed: the local user's.
    expect(answerOf(after, "c2").human).toMatchObject({ verdict: "fail", by: "local" });
    expect(answerOf(after, "c2").human?.comment).toBeUndefined();
    // The rest of the answer as it was.
    const { human: _human, ...rest } = answerOf(after, "c1");
    expect(rest).toEqual(answerOf(before, "c1"));

    // results.csv: the person's columns, before the answer.
    const csvRes = await ro.get(`/api/compare/${runId}/report?format=csv`);
    expect(csvRes.status).toBe(200);
    const stamped = `${after.createdAt.slice(0, 16).replace("T", "-").replace(":", "")}-${runId.replace(/-/g, "").slice(0, 8)}`;
    expect(csvRes.headers.get("content-disposition")).toBe(`attachment; filename=comparatie-${stamped}.csv`);
    const jsonRes = await ro.get(`/api/compare/${runId}/report?format=json&lang=en`);
    expect(jsonRes.headers.get("content-disposition")).toBe(
      `attachment; filename=comparison-${stamped}.json`,
    );
    const csv = parseCsv(csvRes.body as string, { columns: true, bom: true }) as Record<string, string>[];
    expect(Object.keys(csv[0]!).slice(-4)).toEqual(["human_verdict", "human_comment", "human_by", "answer"]);
    expect(csv.map((r) => [r.case_id, r.human_verdict, r.human_comment, r.human_by])).toEqual([
      ["c1", "fail", "Nu spune cu cât cresc pensiile.", "Ana Pop"],
      ["c2", "fail", "", "local"],
    ]);
    // report.md: how many answers people marked, and how often they disagree with the checks.
    const mdRes = await ro.get(`/api/compare/${runId}/report?format=md`);
    const md = mdRes.body as string;
    // Saved under the run's name, not report.md (several runs saved together came as "report (1).md"...).
    const stamp = after.createdAt.slice(0, 16).replace("T", "-").replace(":", "");
    const named = `comparatie-${stamp}-${runId.replace(/-/g, "").slice(0, 8)}.md`;
    expect(named).toMatch(/^comparatie-\d{4}-\d{2}-\d{2}-\d{4}-[0-9a-f]{8}\.md$/);
    expect(mdRes.headers.get("content-disposition")).toBe(`attachment; filename=${named}`);
    expect(md).toContain(
      "**Verdictele oamenilor**: 2 răspunsuri marcate de oameni; oamenii nu sunt de acord cu verificările automate la 1 din 2 (50%).",
    );
    const mdEnRes = await ro.get(`/api/compare/${runId}/report?format=md&lang=en`);
    expect(mdEnRes.headers.get("content-disposition")).toBe(
      `attachment; filename=${named.replace(/^comparatie-/, "comparison-")}`,
    );
    const mdEn = mdEnRes.body as string;
    expect(mdEn).toContain(
      "**People's verdicts**: 2 answers marked by people; people disagree with the automatic checks on 1 of 2 (50%).",
    );

    // Changed to pass: the comment goes unless sent again.
    const changed = await put(ro, runId, { caseId: "c1", ...KEY, verdict: "pass", person: "Ion" });
    expect((changed.body as HumanVerdictResponse).human).toMatchObject({ verdict: "pass", by: "Ion" });
    expect((changed.body as HumanVerdictResponse).human?.comment).toBeUndefined();
    // null clears it: the answer as it came.
    const cleared = await put(ro, runId, { caseId: "c1", ...KEY, verdict: null });
    expect(cleared.status).toBe(200);
    expect((cleared.body as HumanVerdictResponse).human).toBeNull();
    const again = (await ro.get(`/api/compare/${runId}`)).body as CompareRunResponse;
    expect(answerOf(again, "c1")).toEqual(answerOf(before, "c1"));
    const csvAgain = parseCsv((await ro.get(`/api/compare/${runId}/report?format=csv`)).body as string, {
      columns: true,
      bom: true,
    }) as Record<string, string>[];
    expect(csvAgain[0]!.human_verdict).toBe("");
    expect(csvAgain[1]!.human_verdict).toBe("fail");

    // An answer the run does not have: 404 with its own code, in the asker's language.
    const missing = { caseId: "c1", ...KEY, temperature: 0.7, verdict: "pass" };
    const missingRo = await put(ro, runId, missing);
    expect(missingRo.status).toBe(404);
    expect((missingRo.body as { error: unknown }).error).toMatchObject({
      code: "compare:answer_not_found",
      message:
        "Răspunsul nu există în această comparație (cazul c1, modelul offline:extractive, temperatura 0,7, rularea 1).",
    });
    const missingEn = await put(en, runId, { ...missing, caseId: "c9" });
    expect(missingEn.status).toBe(404);
    expect((missingEn.body as { error: unknown }).error).toMatchObject({
      code: "compare:answer_not_found",
      message:
        "The answer is not in this comparison (case c9, model offline:extractive, temperature 0.7, run 1).",
    });
    // A body out of shape: 400, nothing stored.
    const tooLong = await put(en, runId, {
      caseId: "c2",
      ...KEY,
      verdict: "pass",
      comment: "x".repeat(1001),
    });
    expect(tooLong.status).toBe(400);
    expect((tooLong.body as { error: { code: string; message: string } }).error.message).toContain("comment");
    expect((await put(ro, runId, { caseId: "c2", ...KEY, verdict: "bine" })).status).toBe(400);
    expect(
      answerOf((await ro.get(`/api/compare/${runId}`)).body as CompareRunResponse, "c2").human,
    ).toMatchObject({
      verdict: "fail",
    });
    // A run that does not exist.
    expect((await put(ro, "nu-exista", { caseId: "c1", ...KEY, verdict: "pass" })).status).toBe(404);

    // A run still running: its answers are not final, so no verdict yet (409), in the asker's language.
    const slow = await start(ro, ["openai-compatible:lent"]);
    const refused = await put(en, slow, {
      caseId: "c1",
      ...KEY,
      model: "openai-compatible:lent",
      verdict: "pass",
    });
    expect(refused.status).toBe(409);
    expect((refused.body as { error: { code: string; message: string } }).error).toMatchObject({
      code: "compare:not_ready",
      message: "The comparison has not finished yet; the report comes at the end.",
    });
    expect((await ro.request("DELETE", `/api/compare/${slow}`)).status).toBe(202);
    await finished(ro, slow);
  }, 60_000);
});

describe("people's verdicts with accounts", () => {
  const dir = tempCorpus();
  let server: TestServer;
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("names the verdict by the account, lets an admin mark too, and hides the run from another member", async () => {
    server = await startTestServer({ AUTH: "users", TRUST_PROXY: "loopback" }, dir, { keepDir: true });
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
    const ion = await login("ion", "198.51.100.2", "en");
    const sef = await login("sef", "198.51.100.3");
    const runId = await start(ana);
    await finished(ana, runId);

    // The name typed is not the account's: the account names the verdict.
    const saved = await put(ana, runId, { caseId: "c1", ...KEY, verdict: "pass", person: "Altcineva" });
    expect(saved.status).toBe(200);
    expect((saved.body as HumanVerdictResponse).human).toMatchObject({ verdict: "pass", by: "ana" });

    // Another member: the run is not found, and nothing changes.
    const other = await put(ion, runId, { caseId: "c1", ...KEY, verdict: "fail" });
    expect(other.status).toBe(404);
    expect((other.body as { error: { code: string; message: string } }).error).toMatchObject({
      code: "compare:not_found",
    });
    expect((other.body as { error: { message: string } }).error.message).toMatch(
      /^The comparison does not exist/,
    );
    expect(
      answerOf((await ana.get(`/api/compare/${runId}`)).body as CompareRunResponse, "c1").human,
    ).toMatchObject({
      verdict: "pass",
      by: "ana",
    });

    // An admin may mark any run's answers.
    const admin = await put(sef, runId, { caseId: "c2", ...KEY, verdict: "fail", comment: "Greșit." });
    expect(admin.status).toBe(200);
    expect((admin.body as HumanVerdictResponse).human).toMatchObject({ verdict: "fail", by: "sef" });
    // Without a session: no verdict.
    expect(
      (
        await put(new HttpSession(server.url, "198.51.100.9"), runId, {
          caseId: "c1",
          ...KEY,
          verdict: "fail",
        })
      ).status,
    ).toBe(401);
  }, 60_000);
});
