// An evaluation as a Markdown report (for a methods section or a lab notebook), in Romanian or in English (the CLI's
// --lang), and as one JSON object (the same keys in both).
import type { EvalField } from "../../contract/annotation";
import type { Lang } from "../../contract/errors";
import { countWith } from "../../contract/plural";
import type { Evaluation, FieldEvaluation } from "./evaluate";
import { INVALID, type Interval } from "./metrics";

const FIELD_TITLES: Record<EvalField, string> = {
  ton: "ton",
  populism: "populism",
  anti_elitism: "anti_elitism",
  popor_central: "popor_central",
  tema: "tema",
};

const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;
const fmt = (value: number | null) => (value === null ? "–" : value.toFixed(3));
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

function withInterval(value: number | null, ci: Interval | null): string {
  if (value === null) return "–";
  return ci ? `${value.toFixed(3)} [${ci.low.toFixed(3)}, ${ci.high.toFixed(3)}]` : value.toFixed(3);
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ];
}

/** The report's words: one table per language, the numbers written the same (decimal point) in both. */
const TEXT = {
  ro: {
    classTable: ["clasă", "precizie", "recall", "F1", "suport"],
    confusion: "Matricea de confuzie (rânduri: gold; coloane: prezis):",
    goldPredicted: "gold \\ prezis",
    title: (file: string) => `# Evaluare: ${file}`,
    unknown: "necunoscut",
    mixed: " (atenție: fișierul amestecă modele)",
    codebook: (versions: string, temperatures: string) =>
      `- Codebook: ${versions} · temperatura: ${temperatures}`,
    gold: (sources: string[]) => `- Aur: ${sources.join(" + ")}`,
    compared: (n: number, missing: number) =>
      `- Itemi comparați: ${n}${missing > 0 ? ` (${countWith(missing, ["item gold", "itemi gold"])} fără adnotare)` : ""}`,
    unmapped: (field: string, count: number, examples: string[]) =>
      `> Atenție: ${countWith(count, ["valoare gold", "valori gold"])} pentru „${field}” ` +
      `${count === 1 ? "nu este o etichetă validă" : "nu sunt etichete valide"} ` +
      `(ex. ${examples.map((x) => `„${x}”`).join(", ")}); folosiți --gold-values ${field}:VALOARE=ETICHETĂ.`,
    agreement: "## Acord cu etichetele gold",
    noneCompared: "Niciun item gold nu a putut fi comparat.",
    agreementTable: ["câmp", "n", "acuratețe [IÎ 95%]", "macro-F1 [IÎ 95%]", "κ Cohen [IÎ 95%]", "invalide"],
    intervals: (resamples: number, seed: number) =>
      `Intervalele: bootstrap percentilic, ${countWith(resamples, ["reeșantionare", "reeșantionări"])}, sămânța ${seed}. ` +
      "O ieșire invalidă contează ca greșită; macro-F1 este media F1 pe clasele prezente în gold sau în predicții.",
    invalidTitle: "## Ieșiri invalide",
    invalidTable: ["tip", "rânduri", "pondere"],
    unparseable: "neparsabile (JSON invalid, schemă nerespectată)",
    invalidEnum: "valoare în afara listei",
    refusal: "refuz / răspuns gol",
    callError: "eroare de apel",
    totalInvalid: "**total invalide**",
    invalidNote: (rows: number, repaired: number, inconsistent: number) =>
      `Din ${countWith(rows, ["rând", "rânduri"])}; ${countWith(repaired, ["ieșire", "ieșiri"])} ` +
      `${repaired === 1 ? "a fost reparată o dată și apoi validă" : "au fost reparate o dată și apoi valide"}; ` +
      `${inconsistent} ${inconsistent === 1 ? "are" : "au"} populism = true fără ambele ` +
      "dimensiuni (contrar codebook-ului).",
    codes: (list: string) => `Coduri de eroare: ${list}.`,
    runsTitle: (runs: number) =>
      `## Acord între rulări (${countWith(runs, ["rulare", "rulări"])} ale aceluiași model)`,
    runsTable: ["câmp", "itemi", "etichete identice", "κ Fleiss"],
  },
  en: {
    classTable: ["class", "precision", "recall", "F1", "support"],
    confusion: "Confusion matrix (rows: gold; columns: predicted):",
    goldPredicted: "gold \\ predicted",
    title: (file: string) => `# Evaluation: ${file}`,
    unknown: "unknown",
    mixed: " (warning: the file mixes models)",
    codebook: (versions: string, temperatures: string) =>
      `- Codebook: ${versions} · temperature: ${temperatures}`,
    gold: (sources: string[]) =>
      `- Gold: ${sources.map((s) => s.replace(/^etichete umane \(/, "human labels (")).join(" + ")}`,
    compared: (n: number, missing: number) =>
      `- Items compared: ${n}${missing > 0 ? ` (${countWith(missing, ["gold item", "gold items"], "en")} without an annotation)` : ""}`,
    unmapped: (field: string, count: number, examples: string[]) =>
      `> Warning: ${countWith(count, ["gold value", "gold values"], "en")} for "${field}" ` +
      `${count === 1 ? "is not a valid label" : "are not valid labels"} ` +
      `(e.g. ${examples.map((x) => `"${x}"`).join(", ")}); use --gold-values ${field}:VALUE=LABEL.`,
    agreement: "## Agreement with the gold labels",
    noneCompared: "No gold item could be compared.",
    agreementTable: ["field", "n", "accuracy [95% CI]", "macro-F1 [95% CI]", "Cohen's κ [95% CI]", "invalid"],
    intervals: (resamples: number, seed: number) =>
      `Intervals: percentile bootstrap, ${countWith(resamples, ["resample", "resamples"], "en")}, seed ${seed}. ` +
      "An invalid output counts as wrong; macro-F1 is the mean F1 over the classes present in the gold or the predictions.",
    invalidTitle: "## Invalid outputs",
    invalidTable: ["kind", "rows", "share"],
    unparseable: "unparseable (invalid JSON, schema not followed)",
    invalidEnum: "value outside the list",
    refusal: "refusal / empty answer",
    callError: "call error",
    totalInvalid: "**total invalid**",
    invalidNote: (rows: number, repaired: number, inconsistent: number) =>
      `Of ${countWith(rows, ["row", "rows"], "en")}; ${countWith(repaired, ["output was", "outputs were"], "en")} ` +
      `repaired once and then valid; ${inconsistent} ${inconsistent === 1 ? "has" : "have"} populism = true without both ` +
      "dimensions (against the codebook).",
    codes: (list: string) => `Error codes: ${list}.`,
    runsTitle: (runs: number) =>
      `## Agreement between runs (${countWith(runs, ["run", "runs"], "en")} of the same model)`,
    runsTable: ["field", "items", "identical labels", "Fleiss' κ"],
  },
};

type ReportText = (typeof TEXT)["ro"];

function fieldSection(field: EvalField, result: FieldEvaluation, t: ReportText): string[] {
  const out = [`### ${FIELD_TITLES[field]}`, ""];
  out.push(
    ...table(
      t.classTable,
      result.classes.map((c) => {
        const s = result.perClass[c]!;
        return [c, fmt(s.precision), fmt(s.recall), fmt(s.f1), String(s.support)];
      }),
    ),
    "",
  );
  const columns = [...result.classes];
  if (result.invalid > 0) columns.push(INVALID);
  out.push(
    t.confusion,
    "",
    ...table(
      [t.goldPredicted, ...columns],
      result.classes.map((g) => [g, ...columns.map((p) => String(result.confusion[g]?.[p] ?? 0))]),
    ),
    "",
  );
  return out;
}

/** The Markdown report, in Romanian (or in English). */
export function evaluationMarkdown(e: Evaluation, lang: Lang = "ro"): string {
  const t = TEXT[lang];
  const out: string[] = [t.title(e.annotationsFile), ""];
  const temperatures = e.temperatures.map((x) => (x === null ? "-" : String(x))).join(", ");
  out.push(
    `- Model: ${e.models.join(", ") || t.unknown}${e.models.length > 1 ? t.mixed : ""}`,
    t.codebook(e.codebookVersions.join(", ") || t.unknown, temperatures || "-"),
    t.gold(e.goldSources),
    t.compared(e.n, e.missing),
    "",
  );
  for (const [field, bucket] of Object.entries(e.goldUnmapped)) {
    out.push(t.unmapped(field, bucket.count, bucket.examples), "");
  }
  const fields = Object.entries(e.fields) as [EvalField, FieldEvaluation][];
  out.push(t.agreement, "");
  if (fields.length === 0) out.push(t.noneCompared, "");
  else {
    out.push(
      ...table(
        t.agreementTable,
        fields.map(([field, r]) => [
          FIELD_TITLES[field],
          String(r.n),
          withInterval(r.accuracy, r.ci.accuracy),
          withInterval(r.macroF1, r.ci.macroF1),
          withInterval(r.kappa, r.ci.kappa),
          String(r.invalid),
        ]),
      ),
      "",
      t.intervals(fields[0]![1].ci.resamples, fields[0]![1].ci.seed),
      "",
    );
    for (const [field, result] of fields) out.push(...fieldSection(field, result, t));
  }

  const inv = e.invalid;
  out.push(
    t.invalidTitle,
    "",
    ...table(t.invalidTable, [
      [t.unparseable, String(inv.unparseable), pct(inv.rows ? inv.unparseable / inv.rows : 0)],
      [t.invalidEnum, String(inv.invalidEnum), pct(inv.rows ? inv.invalidEnum / inv.rows : 0)],
      [t.refusal, String(inv.refusal), pct(inv.rows ? inv.refusal / inv.rows : 0)],
      [t.callError, String(inv.error), pct(inv.rows ? inv.error / inv.rows : 0)],
      [t.totalInvalid, String(inv.invalid), pct(inv.share)],
    ]),
    "",
    t.invalidNote(inv.rows, inv.repaired, inv.inconsistentPopulism),
    "",
  );
  const codes = Object.entries(inv.byCode);
  if (codes.length > 0) out.push(t.codes(codes.map(([c, n]) => `${c} × ${n}`).join(", ")), "");

  if (e.runs) {
    const runFields = Object.entries(e.runs.fields) as [
      EvalField,
      { items: number; identical: number; fleissKappa: number | null },
    ][];
    out.push(
      t.runsTitle(e.runs.runs),
      "",
      ...table(
        t.runsTable,
        runFields.map(([field, r]) => [
          FIELD_TITLES[field],
          String(r.items),
          pct(r.identical),
          fmt(r.fleissKappa),
        ]),
      ),
      "",
    );
  }
  return out.join("\n");
}

const intervalJson = (ci: Interval | null) => (ci ? [round(ci.low), round(ci.high)] : null);

/** The evaluation as one JSON object (the last line of `evaluate --json`). */
export function evaluationJson(e: Evaluation): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [field, r] of Object.entries(e.fields) as [EvalField, FieldEvaluation][]) {
    fields[field] = {
      n: r.n,
      accuracy: round(r.accuracy),
      macroF1: round(r.macroF1),
      kappa: r.kappa === null ? null : round(r.kappa),
      invalid: r.invalid,
      ci: {
        accuracy: intervalJson(r.ci.accuracy),
        macroF1: intervalJson(r.ci.macroF1),
        kappa: intervalJson(r.ci.kappa),
        resamples: r.ci.resamples,
        seed: r.ci.seed,
      },
      perClass: Object.fromEntries(
        r.classes.map((c) => {
          const s = r.perClass[c]!;
          return [
            c,
            { precision: round(s.precision), recall: round(s.recall), f1: round(s.f1), support: s.support },
          ];
        }),
      ),
      confusion: r.confusion,
    };
  }
  return {
    n: e.n,
    missing: e.missing,
    models: e.models,
    codebookVersions: e.codebookVersions,
    gold: e.goldSources,
    fields,
    invalid: { ...e.invalid, share: round(e.invalid.share) },
    runs: e.runs
      ? {
          runs: e.runs.runs,
          fields: Object.fromEntries(
            Object.entries(e.runs.fields).map(([field, r]) => [
              field,
              {
                items: r.items,
                identical: round(r.identical),
                fleissKappa: r.fleissKappa === null ? null : round(r.fleissKappa),
              },
            ]),
          ),
        }
      : null,
    goldUnmapped: e.goldUnmapped,
  };
}
