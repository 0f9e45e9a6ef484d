// An evaluation as a Markdown report (for a methods section or a lab notebook) and as one JSON object.
import type { EvalField } from "../../contract/annotation";
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

function fieldSection(field: EvalField, result: FieldEvaluation): string[] {
  const out = [`### ${FIELD_TITLES[field]}`, ""];
  out.push(
    ...table(
      ["clasă", "precizie", "recall", "F1", "suport"],
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
    "Matricea de confuzie (rânduri: gold; coloane: prezis):",
    "",
    ...table(
      ["gold \\ prezis", ...columns],
      result.classes.map((g) => [g, ...columns.map((p) => String(result.confusion[g]?.[p] ?? 0))]),
    ),
    "",
  );
  return out;
}

/** The Markdown report, in Romanian. */
export function evaluationMarkdown(e: Evaluation): string {
  const out: string[] = [`# Evaluare: ${e.annotationsFile}`, ""];
  const temperatures = e.temperatures.map((t) => (t === null ? "-" : String(t))).join(", ");
  out.push(
    `- Model: ${e.models.join(", ") || "necunoscut"}${e.models.length > 1 ? " (atenție: fișierul amestecă modele)" : ""}`,
    `- Codebook: ${e.codebookVersions.join(", ") || "necunoscut"} · temperatura: ${temperatures || "-"}`,
    `- Aur: ${e.goldSources.join(" + ")}`,
    `- Itemi comparați: ${e.n}${e.missing > 0 ? ` (${countWith(e.missing, ["item gold", "itemi gold"])} fără adnotare)` : ""}`,
    "",
  );
  for (const [field, bucket] of Object.entries(e.goldUnmapped)) {
    out.push(
      `> Atenție: ${countWith(bucket.count, ["valoare gold", "valori gold"])} pentru „${field}” ` +
        `${bucket.count === 1 ? "nu este o etichetă validă" : "nu sunt etichete valide"} ` +
        `(ex. ${bucket.examples.map((x) => `„${x}”`).join(", ")}); folosiți --gold-values ${field}:VALOARE=ETICHETĂ.`,
      "",
    );
  }
  const fields = Object.entries(e.fields) as [EvalField, FieldEvaluation][];
  out.push("## Acord cu etichetele gold", "");
  if (fields.length === 0) out.push("Niciun item gold nu a putut fi comparat.", "");
  else {
    out.push(
      ...table(
        ["câmp", "n", "acuratețe [IÎ 95%]", "macro-F1 [IÎ 95%]", "κ Cohen [IÎ 95%]", "invalide"],
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
      `Intervalele: bootstrap percentilic, ${countWith(fields[0]![1].ci.resamples, ["reeșantionare", "reeșantionări"])}, sămânța ${fields[0]![1].ci.seed}. ` +
        "O ieșire invalidă contează ca greșită; macro-F1 este media F1 pe clasele prezente în gold sau în predicții.",
      "",
    );
    for (const [field, result] of fields) out.push(...fieldSection(field, result));
  }

  const inv = e.invalid;
  out.push(
    "## Ieșiri invalide",
    "",
    ...table(
      ["tip", "rânduri", "pondere"],
      [
        [
          "neparsabile (JSON invalid, schemă nerespectată)",
          String(inv.unparseable),
          pct(inv.rows ? inv.unparseable / inv.rows : 0),
        ],
        ["valoare în afara listei", String(inv.invalidEnum), pct(inv.rows ? inv.invalidEnum / inv.rows : 0)],
        ["refuz / răspuns gol", String(inv.refusal), pct(inv.rows ? inv.refusal / inv.rows : 0)],
        ["eroare de apel", String(inv.error), pct(inv.rows ? inv.error / inv.rows : 0)],
        ["**total invalide**", String(inv.invalid), pct(inv.share)],
      ],
    ),
    "",
    `Din ${countWith(inv.rows, ["rând", "rânduri"])}; ${countWith(inv.repaired, ["ieșire", "ieșiri"])} ` +
      `${inv.repaired === 1 ? "a fost reparată o dată și apoi validă" : "au fost reparate o dată și apoi valide"}; ` +
      `${inv.inconsistentPopulism} ${inv.inconsistentPopulism === 1 ? "are" : "au"} populism = true fără ambele ` +
      "dimensiuni (contrar codebook-ului).",
    "",
  );
  const codes = Object.entries(inv.byCode);
  if (codes.length > 0) out.push(`Coduri de eroare: ${codes.map(([c, n]) => `${c} × ${n}`).join(", ")}.`, "");

  if (e.runs) {
    const runFields = Object.entries(e.runs.fields) as [
      EvalField,
      { items: number; identical: number; fleissKappa: number | null },
    ][];
    out.push(
      `## Acord între rulări (${countWith(e.runs.runs, ["rulare", "rulări"])} ale aceluiași model)`,
      "",
      ...table(
        ["câmp", "itemi", "etichete identice", "κ Fleiss"],
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
