// Counts with their nouns, one language rule for the pages and the server's texts (contract/plural.ts): Romanian
// "1 rând", "2 rânduri", "20 de rânduri"; the evaluation report and the index summary use it.
import { describe, expect, it } from "vitest";
import { AppError, formatMessage, toUserError } from "../../contract/errors";
import { agreeing, countWith, nounFor } from "../../contract/plural";
import { countNoun } from "../../corpus/pipeline/import/errors";
import type { IndexManifest } from "../../corpus/pipeline/indexFormat";
import type { Evaluation } from "../../server/annotation/evaluate";
import { evaluationMarkdown } from "../../server/annotation/report";
import { formatSummary } from "../../server/cli/index";

const ROW = ["rând", "rânduri"] as const;

describe("the plural rule", () => {
  it("puts 'de' before the Romanian plural from 20 on, except where the last two digits are 1–19", () => {
    const counts = [0, 1, 2, 19, 20, 100, 101, 119, 120, 1000].map((n) => countWith(n, ROW));
    expect(counts).toEqual([
      "0 rânduri",
      "1 rând",
      "2 rânduri",
      "19 rânduri",
      "20 de rânduri",
      "100 de rânduri",
      "101 rânduri",
      "119 rânduri",
      "120 de rânduri",
      "1000 de rânduri",
    ]);
    expect(nounFor(1, ["row", "rows"], "en")).toBe("row");
    expect(countWith(20, ["row", "rows"], "en")).toBe("20 rows");
    expect(countWith(60000, ROW, "ro", (n) => n.toLocaleString("ro-RO"))).toBe("60.000 de rânduri");
    expect(countNoun(21, "înregistrare", "înregistrări")).toBe("21 de înregistrări");
  });
});

function evaluation(missing: number, unmapped: number, runs: number): Evaluation {
  return {
    annotationsFile: "adnotari.jsonl",
    goldSources: ["aur.csv"],
    models: ["offline:lexicon"],
    codebookVersions: ["1"],
    temperatures: [0],
    n: 10,
    missing,
    fields: {},
    goldUnmapped: { ton: { count: unmapped, examples: ["x"] } },
    invalid: {
      rows: 1,
      invalid: 0,
      share: 0,
      unparseable: 0,
      invalidEnum: 0,
      refusal: 0,
      error: 0,
      inconsistentPopulism: 1,
      repaired: 1,
      byCode: {},
    },
    runs: { runs, fields: {} },
  };
}

describe("the evaluation report", () => {
  it("says 1 and 20 gold values, items and runs in the right form", () => {
    const one = evaluationMarkdown(evaluation(1, 1, 2));
    expect(one).toContain("(1 item gold fără adnotare)");
    expect(one).toContain("1 valoare gold pentru „ton” nu este o etichetă validă");
    expect(one).toContain("Din 1 rând; 1 ieșire a fost reparată o dată și apoi validă; 1 are populism");
    const many = evaluationMarkdown(evaluation(20, 20, 20));
    expect(many).toContain("(20 de itemi gold fără adnotare)");
    expect(many).toContain("20 de valori gold pentru „ton” nu sunt etichete valide");
    expect(many).toContain("(20 de rulări ale aceluiași model)");
  });
});

describe("the index summary", () => {
  const manifest = (duplicateIds: number, shards: number) =>
    ({
      documents: 5,
      chunks: 9,
      embedder: "offline:hash",
      dimensions: 256,
      hnsw: { shards, m: 16, efConstruction: 200 },
      build: {
        ms: 1200,
        addedDocuments: 5,
        changedDocuments: 0,
        removedDocuments: 0,
        embedded: 9,
        reused: 0,
        resumed: 0,
        skippedLines: 0,
        duplicateIds,
      },
    }) as unknown as IndexManifest;

  it("counts repeated ids and graph shards with their nouns", () => {
    expect(formatSummary(manifest(1, 1), "index/manifest.json")).toContain("1 id repetat");
    expect(formatSummary(manifest(20, 20), "index/manifest.json")).toContain("20 de id-uri repetate");
    expect(formatSummary(manifest(20, 20), "index/manifest.json")).toContain("20 de fragmente de graf");
  });
});

describe("counts in error messages", () => {
  it("say the limit with its noun and both numbers with the language's grouping", () => {
    const tooLong = new AppError("input:too_long", { limit: 4000, length: 4521 });
    expect(toUserError(tooLong, "ro").message).toBe(
      "Mesajul este prea lung (maximum 4.000 de caractere; ați trimis 4.521).",
    );
    expect(toUserError(tooLong, "en").message).toBe(
      "The message is too long (at most 4,000 characters; you sent 4,521).",
    );
    const small = new AppError("input:attachment_too_long", { name: "a.txt", limit: 15, length: 16 });
    expect(formatMessage("input:attachment_too_long", "ro", small.params)).toBe(
      "Atașamentul „a.txt” este prea lung (maximum 15 caractere; are 16).",
    );
  });

  it("say the account limit with 'de' (50 de conturi), and the comparisons and rows limits in the noun's form", () => {
    expect(formatMessage("account:too_many", "ro", { limit: 50, count: 55 })).toBe(
      "Cel mult 50 de conturi o dată (ați dat 55). Împărțiți lista.",
    );
    expect(formatMessage("account:too_many", "en", { limit: 50, count: 1200 })).toBe(
      "At most 50 accounts at once (you gave 1,200). Split the list.",
    );
    expect(formatMessage("compare:busy", "ro", { limit: 1 })).toBe(
      "Rulează deja 1 comparație. Așteptați să se termine una.",
    );
    expect(formatMessage("compare:busy", "ro", { limit: 2 })).toBe(
      "Rulează deja 2 comparații. Așteptați să se termine una.",
    );
    expect(formatMessage("compare:busy", "en", { limit: 1 })).toBe(
      "Already running: 1 comparison. Wait for one to finish.",
    );
    expect(formatMessage("dataset:too_many_rows", "ro", { limit: 200000 })).toBe(
      "Setul de date ar trece de limita de 200.000 de rânduri (WORKBENCH_MAX_ROWS).",
    );
    expect(formatMessage("dataset:too_many_rows", "en", { limit: 1 })).toBe(
      "The data set would have more than 1 row (WORKBENCH_MAX_ROWS).",
    );
  });
});

describe("a verb or participle agreeing with a count", () => {
  it("takes the singular for one in either language, the plural otherwise, never 'de'", () => {
    const verb = ["a primit", "au primit"] as const;
    expect([0, 1, 2, 20, 101].map((n) => agreeing(n, verb))).toEqual([
      "au primit",
      "a primit",
      "au primit",
      "au primit",
      "au primit",
    ]);
    expect(agreeing(1, ["shares", "share"], "en")).toBe("shares");
    expect(agreeing(0, ["shares", "share"], "en")).toBe("share");
  });
});
