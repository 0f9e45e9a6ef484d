// The report's sections on answer quality (issue #17), in the report's language (reportText.ts): groundedness on the
// grounded cases, the rubric and which judge scored what, draft → refine parts, and the failure modes with an example
// each.
import type { ModelSummary } from "../../contract/compare";
import { FAILURE_MODES, type PartTotals } from "../../contract/compareQuality";
import { code, table, type Cell } from "./markdownTable";
import { REPORT_TEXT, type ReportText } from "./reportText";

export function groundingSection(models: ModelSummary[], t: ReportText = REPORT_TEXT.ro): string[] {
  const { percent: formatPercent, number: formatNumber } = t.figures;
  const out = ["", t.grounding, ""];
  const measured = models.filter((m) => m.grounding);
  if (measured.length === 0) return [...out, t.noGrounding];
  out.push(
    t.groundingNote,
    "",
    table(
      t.groundingHeader,
      measured.map((m) => {
        const g = m.grounding!;
        return [
          code(m.model),
          `${formatPercent(g.invalidCitationRate)} (${g.invalidCitations}/${g.citations})`,
          `${formatPercent(g.unsupportedRate)} (${g.unsupported}/${g.claims})`,
          formatNumber(g.meanScore),
          g.answers,
          g.method === "lexical" ? t.offlineCheck : t.judge(g.judges.join(", ")),
        ];
      }),
    ),
  );
  return out;
}

export function rubricSection(models: ModelSummary[], t: ReportText = REPORT_TEXT.ro): string[] {
  const formatNumber = t.figures.number;
  const judged = models.filter((m) => m.rubric);
  if (judged.length === 0) return [];
  const criteria = [...new Set(judged.flatMap((m) => Object.keys(m.rubric!.byCriterion)))];
  const out = [
    "",
    t.rubric,
    "",
    t.rubricNote(judged.find((m) => m.rubric!.promptVersion)?.rubric?.promptVersion ?? "n/a"),
    "",
    table(
      t.rubricHeader(criteria),
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

function partLine(p: PartTotals, t: ReportText): Cell[] {
  const formatMs = t.figures.ms;
  return [
    code(p.model),
    formatMs(p.latency?.p50 ?? null),
    formatMs(p.latency?.p95 ?? null),
    `${p.tokens.input} → ${p.tokens.output}`,
    `$${p.costUsd.toFixed(4)}`,
  ];
}

export function pipelineSection(models: ModelSummary[], t: ReportText = REPORT_TEXT.ro): string[] {
  const { percent: formatPercent, ms: formatMs } = t.figures;
  const pipelines = models.filter((m) => m.pipeline);
  if (pipelines.length === 0) return [];
  return [
    "",
    t.pipeline,
    "",
    t.pipelineNote,
    "",
    table(
      t.pipelineHeader,
      pipelines.flatMap((m) => {
        const p = m.pipeline!;
        const rate = `${p.refineRuns}/${p.answers} (${formatPercent(p.refineRate)})${p.refineFailures ? `, ${t.failed(p.refineFailures)}` : ""}`;
        return [
          [code(m.model), t.draft, ...partLine(p.draft, t), rate],
          [code(m.model), t.refine, ...partLine(p.refine, t), ""],
          [
            code(m.model),
            t.together,
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

export function failureModesSection(models: ModelSummary[], t: ReportText = REPORT_TEXT.ro): string[] {
  const FAILURE_LABELS = t.failureLabels;
  const withModes = models.filter((m) => m.failureModes);
  if (withModes.length === 0) return [];
  // "0/0" would read as "none found": a mode with nothing it could happen in is "—".
  const cell = ({ count, of }: { count: number; of: number }) => (of === 0 ? "—" : `${count}/${of}`);
  const out = [
    "",
    t.failureModes,
    "",
    t.failureModesNote,
    "",
    table(
      ["model", ...FAILURE_MODES.map((f) => FAILURE_LABELS[f])],
      withModes.map((m) => [code(m.model), ...FAILURE_MODES.map((f) => cell(m.failureModes![f]))]),
    ),
    "",
    t.firstExample,
    "",
  ];
  for (const m of withModes) {
    for (const f of FAILURE_MODES) {
      const e = m.failureModes![f].examples[0];
      if (!e) continue;
      out.push(
        t === REPORT_TEXT.ro
          ? `- ${code(m.model)} · ${FAILURE_LABELS[f]} · ${e.title} (t=${t.figures.temperature(e.temperature)}, ${t.example(e.run)}): ${e.reason} — „${e.excerpt}”`
          : `- ${code(m.model)} · ${FAILURE_LABELS[f]} · ${e.titleEn ?? e.title} (t=${t.figures.temperature(e.temperature)}, ${t.example(e.run)}): ${e.reasonEn ?? e.reason} — "${e.excerpt}"`,
      );
    }
  }
  return out;
}
