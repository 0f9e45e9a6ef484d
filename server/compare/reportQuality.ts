// The report's sections on answer quality (issue #17), in Romanian: groundedness on the grounded cases, the rubric
// and which judge scored what, draft → refine parts, and the failure modes with an example each.
import type { ModelSummary } from "../../contract/compare";
import { FAILURE_MODES, type FailureModeId, type PartTotals } from "../../contract/compareQuality";
import { formatMs, formatNumber, formatPercent, formatTemperature } from "./recommend";
import { code, table, type Cell } from "./markdownTable";

export function groundingSection(models: ModelSummary[]): string[] {
  const out = ["", "## Fundamentare (cazurile cu surse)", ""];
  const measured = models.filter((m) => m.grounding);
  if (measured.length === 0) return [...out, "Niciun model nu a răspuns la un caz cu surse."];
  out.push(
    "Fiecare propoziție a răspunsului, față de sursele pe care le citează: citări ale unor surse inexistente ([7] cu cinci surse), afirmații fără citare, cifre, nume și date care nu apar în sursele citate, cuvinte prea puține din surse (docs/grounding.md). Citări inexistente = citările care nu numesc o sursă arătată ÷ toate citările; propoziții nesusținute = propoziții nesusținute ÷ propozițiile care afirmă ceva; fundamentarea medie = media scorurilor răspunsurilor care afirmă ceva.",
    "",
    table(
      [
        "model",
        "citări inexistente",
        "propoziții nesusținute",
        "fundamentare medie",
        "răspunsuri",
        "măsurat de",
      ],
      measured.map((m) => {
        const g = m.grounding!;
        return [
          code(m.model),
          `${formatPercent(g.invalidCitationRate)} (${g.invalidCitations}/${g.citations})`,
          `${formatPercent(g.unsupportedRate)} (${g.unsupported}/${g.claims})`,
          formatNumber(g.meanScore),
          g.answers,
          g.method === "lexical" ? "verificarea offline" : `judecător ${g.judges.join(", ")}`,
        ];
      }),
    ),
  );
  return out;
}

export function rubricSection(models: ModelSummary[]): string[] {
  const judged = models.filter((m) => m.rubric);
  if (judged.length === 0) return [];
  const criteria = [...new Set(judged.flatMap((m) => Object.keys(m.rubric!.byCriterion)))];
  const out = [
    "",
    "## Rubrică (model-judecător)",
    "",
    `Note de la 1 la 5 date de un model-judecător (prompt ${judged.find((m) => m.rubric!.promptVersion)?.rubric?.promptVersion ?? "n/a"}); un model nu își notează propriile răspunsuri (nici o intrare ciornă → rafinare pe ale părților ei).`,
    "",
    table(
      ["model", "medie", ...criteria, "notate", "judecători (răspunsuri)", "nenotate"],
      judged.map((m) => {
        const r = m.rubric!;
        return [
          code(m.model),
          formatNumber(r.mean),
          ...criteria.map((c) => formatNumber(r.byCriterion[c] ?? null)),
          r.n,
          Object.entries(r.judges)
            .map(([j, n]) => `${j} (${n})`)
            .join(", ") || "—",
          Object.entries(r.unscored)
            .map(([why, n]) => `${why} × ${n}`)
            .join("; ") || "—",
        ];
      }),
    ),
  ];
  return out;
}

function partLine(p: PartTotals): Cell[] {
  return [
    code(p.model),
    formatMs(p.latency?.p50 ?? null),
    formatMs(p.latency?.p95 ?? null),
    `${p.tokens.input} → ${p.tokens.output}`,
    `$${p.costUsd.toFixed(4)}`,
  ];
}

export function pipelineSection(models: ModelSummary[]): string[] {
  const pipelines = models.filter((m) => m.pipeline);
  if (pipelines.length === 0) return [];
  return [
    "",
    "## Ciornă → rafinare",
    "",
    "Modelul mic scrie ciorna; cel mare o rafinează doar când regula o cere (ciornă lungă, fundamentare slabă, temă marcată). Fiecare parte cu latența, tokenii și costul ei; împreună = cifrele răspunsului.",
    "",
    table(
      ["intrare", "parte", "model", "latență p50", "p95", "tokeni in → out", "cost", "rafinări"],
      pipelines.flatMap((m) => {
        const p = m.pipeline!;
        const rate = `${p.refineRuns}/${p.answers} (${formatPercent(p.refineRate)})${p.refineFailures ? `, ${p.refineFailures} eșuate` : ""}`;
        return [
          [code(m.model), "ciornă", ...partLine(p.draft), rate],
          [code(m.model), "rafinare", ...partLine(p.refine), ""],
          [
            code(m.model),
            "împreună",
            "",
            formatMs(p.combined.latency?.p50 ?? null),
            formatMs(p.combined.latency?.p95 ?? null),
            `${p.draft.tokens.input + p.refine.tokens.input} → ${p.draft.tokens.output + p.refine.tokens.output}`,
            `$${p.combined.costUsd.toFixed(4)}`,
            "",
          ],
        ];
      }),
    ),
  ];
}

export const FAILURE_LABELS: Record<FailureModeId, string> = {
  hallucinated_citations: "citări inventate",
  unsupported_claims: "afirmații nesusținute",
  refusals: "refuzuri fără motiv",
  truncations: "trunchieri",
  instability: "instabilitate",
  ignored_role: "rol ignorat",
};

export function failureModesSection(models: ModelSummary[]): string[] {
  const withModes = models.filter((m) => m.failureModes);
  if (withModes.length === 0) return [];
  const out = [
    "",
    "## Moduri de eșec",
    "",
    table(
      ["model", ...FAILURE_MODES.map((f) => FAILURE_LABELS[f])],
      withModes.map((m) => [
        code(m.model),
        ...FAILURE_MODES.map((f) => `${m.failureModes![f].count}/${m.failureModes![f].of}`),
      ]),
    ),
    "",
    "Primul exemplu din fiecare (toate rândurile sunt în results.csv):",
    "",
  ];
  for (const m of withModes) {
    for (const f of FAILURE_MODES) {
      const e = m.failureModes![f].examples[0];
      if (!e) continue;
      out.push(
        `- ${code(m.model)} · ${FAILURE_LABELS[f]} · ${e.title} (t=${formatTemperature(e.temperature)}, rularea ${e.run}): ${e.reason} — „${e.excerpt}”`,
      );
    }
  }
  return out;
}
