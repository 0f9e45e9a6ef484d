// The words of a comparison's report.md (reportMarkdown.ts, reportQuality.ts) in Romanian, as the report has always
// been written, and in English, for the CLI's --lang en: one table per language, the figures written the language's
// way by the recommendation's formatters (recommendText.ts).
import type { FailureModeId } from "../../contract/compareQuality";
import type { Lang } from "../../contract/errors";
import { RECOMMEND_TEXT, type RecommendText } from "./recommendText";
import { agreeing, countWith } from "../../contract/plural";

export interface ReportText {
  /** Percent, number, temperature and milliseconds as the language writes them. */
  figures: RecommendText;
  free: string;
  unknownCost: string;
  warmupOk(ms: string): string;
  warmupFailed(code: string): string;
  title(name: string): string;
  suite(id: string, cases: number, criteria: string): string;
  models(list: string): string;
  runs(runs: number, temperatures: string, concurrency: number, timeout: string): string;
  times(started: string, finished: string, codebook: string | null): string;
  warmupNote: string;
  interrupted: string;
  /** The line on people's verdicts: answers marked, and of those the checks judged, how many people disagree with. */
  humanVerdicts(marked: number, judged: number, disagree: number): string;
  recommendation: string;
  noRecommendationInterrupted: string;
  noRecommendationYet: string;
  primary(model: string): string;
  noPrimary: string;
  fallback(model: string): string;
  temperature(value: string): string;
  why: string;
  rule(rule: string): string;
  ranking: string;
  rankingHeader: string[];
  excluded(why: string): string;
  speed: string;
  speedHeader: string[];
  quality: string;
  qualityNote: string;
  qualityHeader: string[];
  annotation: string;
  noAnnotation: string;
  annotationNote: string;
  stability: string;
  stabilityNote: string;
  stabilityHeader: string[];
  finish: string;
  finishHeader: string[];
  failures: string;
  none: string;
  failuresHeader: string[];
  error: string;
  fail: string;
  more(n: number): string;
  grounding: string;
  noGrounding: string;
  groundingNote: string;
  groundingHeader: string[];
  offlineCheck: string;
  judge(judges: string): string;
  rubric: string;
  rubricNote(prompt: string): string;
  rubricHeader(criteria: string[]): string[];
  pipeline: string;
  pipelineNote: string;
  pipelineHeader: string[];
  failed(n: number): string;
  draft: string;
  refine: string;
  together: string;
  failureModes: string;
  failureModesNote: string;
  failureLabels: Record<FailureModeId, string>;
  firstExample: string;
  example(run: number): string;
}

const RO: ReportText = {
  figures: RECOMMEND_TEXT.ro,
  free: "0 (gratuit)",
  unknownCost: "necunoscut",
  warmupOk: (ms) => `reușită, ${ms}`,
  warmupFailed: (code) => `eșuată (${code})`,
  title: (name) => `# Comparație de modele — ${name}`,
  suite: (id, cases, criteria) =>
    `- Suita: \`${id}\` (${countWith(cases, ["caz", "cazuri"])}; criterii: ${criteria})`,
  models: (list) => `- Modele: ${list}`,
  runs: (runs, temperatures, concurrency, timeout) =>
    `- Rulări pe caz: ${runs} (cazurile de stabilitate pot cere mai multe) · temperaturi: ${temperatures} · apeluri simultane pe model: ${concurrency} · limită pe apel: ${timeout}`,
  times: (started, finished, codebook) =>
    `- Început: ${started} · sfârșit: ${finished}${codebook ? ` · codebook ${codebook} (cazurile de adnotare)` : ""}`,
  warmupNote:
    "- Un apel de încălzire pe model nu este numărat. Latențele sunt ale apelului întreg (răspunsul primit pe măsură ce se scrie); TTFT = timpul până la primul token.",
  interrupted: "> **Rularea a fost întreruptă**: cifrele acoperă doar răspunsurile primite.",
  humanVerdicts: (marked, judged, disagree) =>
    `**Verdictele oamenilor**: ${countWith(marked, ["răspuns marcat", "răspunsuri marcate"])} de oameni; ` +
    (judged === 0
      ? "niciunul nu a fost judecat de verificările automate."
      : `oamenii nu sunt de acord cu verificările automate la ${disagree} din ${judged} (${Math.round((disagree / judged) * 100)}%).`),
  recommendation: "## Recomandare",
  noRecommendationInterrupted:
    "Fără recomandare: rularea s-a oprit înainte de final, iar un model care a răspuns doar la câteva cazuri ar fi judecat după ele. Rulați comparația întreagă pentru o recomandare.",
  noRecommendationYet: "Recomandarea apare când rularea se termină.",
  primary: (model) => `- **Model principal (MODEL_PRIMARY):** ${model}`,
  noPrimary: "niciunul",
  fallback: (model) => `- **Rezervă (MODEL_FALLBACK):** ${model}`,
  temperature: (value) => `- **Temperatură (TEMPERATURE):** ${value}`,
  why: "De ce:",
  rule: (rule) => `Regula: ${rule}`,
  ranking: "### Clasament",
  rankingHeader: [
    "#",
    "model",
    "calitate",
    "cazuri trecute (suită)",
    "JSON valid",
    "macro-F1 adnotare",
    "latență p95",
    "observații",
  ],
  excluded: (why) => `exclus: ${why}`,
  speed: "## Viteză și cost",
  speedHeader: [
    "model",
    "apeluri trecute/picate/erori/n/a",
    "latență medie",
    "p50",
    "p95",
    "TTFT medie",
    "TTFT p50",
    "TTFT p95",
    "tokeni/s",
    "tokeni intrare/ieșire",
    "cost estimat",
  ],
  quality: "## Calitate pe criterii",
  qualityNote:
    "Rata de trecere = răspunsuri care trec toate aserțiunile / răspunsuri aplicabile (erorile contează ca netrecute). „n/a” = modelul nu face acest tip de caz și nu este penalizat aici.",
  qualityHeader: ["model", "rata de trecere", "JSON valid"],
  annotation: "## Adnotare față de etichetele suitei",
  noAnnotation: "Niciun model comparat nu a adnotat cazuri cu etichete.",
  annotationNote:
    "Macro-F1 și κ (Cohen) pe fiecare câmp; o ieșire invalidă sau un apel eșuat contează ca etichetă greșită. Titlul: media pe câmpuri.",
  stability: "## Stabilitate pe temperatură",
  stabilityNote:
    "Acord etichete = media, pe cazurile de adnotare cu cel puțin două rulări, a perechilor de rulări cu aceleași etichete; similaritate texte = media similarității Jaccard a cuvintelor între rulări.",
  stabilityHeader: [
    "model",
    "temperatură",
    "rata de trecere",
    "JSON valid",
    "latență p50",
    "acord etichete",
    "similaritate texte",
    "scor stabilitate",
    "cazuri",
  ],
  finish: "## Motivul opririi, refuzuri, erori",
  finishHeader: [
    "model",
    "motivul opririi (finish_reason)",
    "refuzuri",
    "trunchieri (length)",
    "erori",
    "încălzire",
  ],
  failures: "## Răspunsuri care nu au trecut",
  none: "Niciunul.",
  failuresHeader: ["caz", "criteriu", "model", "temp.", "rulare", "stare", "de ce", "răspuns"],
  error: "eroare",
  fail: "eșec",
  more: (n) => `… și încă ${n} (toate sunt în results.csv).`,
  grounding: "## Fundamentare (cazurile cu surse)",
  noGrounding: "Niciun model nu a răspuns la un caz cu surse.",
  groundingNote:
    "Fiecare propoziție a răspunsului, față de sursele pe care le citează: citări ale unor surse inexistente ([7] cu cinci surse), afirmații fără citare, cifre, nume și date care nu apar în sursele citate, cuvinte prea puține din surse (docs/grounding.md). Citări inexistente = citările care nu numesc o sursă arătată ÷ toate citările; propoziții nesusținute = propoziții nesusținute ÷ propozițiile care afirmă ceva; fundamentarea medie = media scorurilor răspunsurilor care afirmă ceva.",
  groundingHeader: [
    "model",
    "citări inexistente",
    "propoziții nesusținute",
    "fundamentare medie",
    "răspunsuri",
    "măsurat de",
  ],
  offlineCheck: "verificarea offline",
  judge: (judges) => `judecător ${judges}`,
  rubric: "## Rubrică (model-judecător)",
  rubricNote: (prompt) =>
    `Note de la 1 la 5 date de un model-judecător (prompt ${prompt}); un model nu își notează propriile răspunsuri (nici o intrare ciornă → rafinare pe ale părților ei).`,
  rubricHeader: (criteria) => [
    "model",
    "medie",
    ...criteria,
    "notate",
    "judecători (răspunsuri)",
    "nenotate",
  ],
  pipeline: "## Ciornă → rafinare",
  pipelineNote:
    "Modelul mic scrie ciorna; cel mare o rafinează doar când regula o cere (ciornă lungă, fundamentare slabă, temă marcată). Fiecare parte cu latența, tokenii și costul ei; împreună = cifrele răspunsului.",
  pipelineHeader: ["intrare", "parte", "model", "latență p50", "p95", "tokeni in → out", "cost", "rafinări"],
  failed: (n) => `${n} ${agreeing(n, ["eșuată", "eșuate"])}`,
  draft: "ciornă",
  refine: "rafinare",
  together: "împreună",
  failureModes: "## Moduri de eșec",
  failureModesNote:
    "Numărate din răspunsurile în care se puteau întâmpla; „—” = nimic de măsurat (de exemplu, instabilitatea numără doar cazurile × temperaturile cu aserțiunea „stable”, iar stabilitatea pe temperatură de mai sus este similaritatea între rulări a tuturor cazurilor).",
  failureLabels: {
    hallucinated_citations: "citări inventate",
    unsupported_claims: "afirmații nesusținute",
    refusals: "refuzuri fără motiv",
    truncations: "trunchieri",
    instability: "instabilitate",
    ignored_role: "rol ignorat",
  },
  firstExample: "Primul exemplu din fiecare (toate rândurile sunt în results.csv):",
  example: (run) => `rularea ${run}`,
};

const EN: ReportText = {
  figures: RECOMMEND_TEXT.en,
  free: "0 (free)",
  unknownCost: "unknown",
  warmupOk: (ms) => `ok, ${ms}`,
  warmupFailed: (code) => `failed (${code})`,
  title: (name) => `# Model comparison — ${name}`,
  suite: (id, cases, criteria) =>
    `- Suite: \`${id}\` (${countWith(cases, ["case", "cases"], "en")}; criteria: ${criteria})`,
  models: (list) => `- Models: ${list}`,
  runs: (runs, temperatures, concurrency, timeout) =>
    `- Runs per case: ${runs} (stability cases may ask for more) · temperatures: ${temperatures} · simultaneous calls per model: ${concurrency} · limit per call: ${timeout}`,
  times: (started, finished, codebook) =>
    `- Started: ${started} · finished: ${finished}${codebook ? ` · codebook ${codebook} (the annotation cases)` : ""}`,
  warmupNote:
    "- One warm-up call per model is not counted. Latencies are the whole call's (streaming); TTFT = the time to the first token.",
  interrupted: "> **The run was interrupted**: the figures cover only the answers received.",
  humanVerdicts: (marked, judged, disagree) =>
    `**People's verdicts**: ${countWith(marked, ["answer", "answers"], "en")} marked by people; ` +
    (judged === 0
      ? "none was judged by the automatic checks."
      : `people disagree with the automatic checks on ${disagree} of ${judged} (${Math.round((disagree / judged) * 100)}%).`),
  recommendation: "## Recommendation",
  noRecommendationInterrupted:
    "No recommendation: the run stopped before its end, and a model that answered only a few cases would be judged on them. Run the whole comparison for a recommendation.",
  noRecommendationYet: "The recommendation appears when the run ends.",
  primary: (model) => `- **Primary model (MODEL_PRIMARY):** ${model}`,
  noPrimary: "none",
  fallback: (model) => `- **Fallback (MODEL_FALLBACK):** ${model}`,
  temperature: (value) => `- **Temperature (TEMPERATURE):** ${value}`,
  why: "Why:",
  rule: (rule) => `The rule: ${rule}`,
  ranking: "### Ranking",
  rankingHeader: [
    "#",
    "model",
    "quality",
    "cases passed (suite)",
    "valid JSON",
    "annotation macro-F1",
    "p95 latency",
    "notes",
  ],
  excluded: (why) => `excluded: ${why}`,
  speed: "## Speed and cost",
  speedHeader: [
    "model",
    "calls ok/fail/error/n/a",
    "mean latency",
    "p50",
    "p95",
    "mean TTFT",
    "TTFT p50",
    "TTFT p95",
    "tokens/s",
    "tokens in/out",
    "estimated cost",
  ],
  quality: "## Quality by criterion",
  qualityNote:
    'Pass rate = answers that pass every assertion / applicable answers (errors count as not passed). "n/a" = the model does not do this kind of case and is not penalised here.',
  qualityHeader: ["model", "pass rate", "valid JSON"],
  annotation: "## Annotation against the suite's labels",
  noAnnotation: "No compared model annotated cases with labels.",
  annotationNote:
    "Macro-F1 and κ (Cohen) on each field; an invalid output or a failed call counts as a wrong label. The headline: the mean over the fields.",
  stability: "## Stability by temperature",
  stabilityNote:
    "Label agreement = the mean, over the annotation cases with at least two runs, of the pairs of runs with the same labels; text similarity = the mean Jaccard similarity of the words between runs.",
  stabilityHeader: [
    "model",
    "temperature",
    "pass rate",
    "valid JSON",
    "p50 latency",
    "label agreement",
    "text similarity",
    "stability score",
    "cases",
  ],
  finish: "## Finish reason, refusals, errors",
  finishHeader: ["model", "finish_reason", "refusals", "truncations (length)", "errors", "warm-up"],
  failures: "## Answers that did not pass",
  none: "None.",
  failuresHeader: ["case", "criterion", "model", "temp.", "run", "status", "why", "answer"],
  error: "error",
  fail: "fail",
  more: (n) => `… and ${n} more (all are in results.csv).`,
  grounding: "## Grounding (the cases with sources)",
  noGrounding: "No model answered a case with sources.",
  groundingNote:
    "Each sentence of the answer, against the sources it cites: citations of sources that do not exist ([7] with five sources), claims without a citation, figures, names and dates that do not appear in the cited sources, too few words from the sources (docs/grounding.md). Invalid citations = the citations that name no source shown ÷ all citations; unsupported sentences = unsupported sentences ÷ the sentences that claim something; mean grounding = the mean score of the answers that claim something.",
  groundingHeader: [
    "model",
    "invalid citations",
    "unsupported sentences",
    "mean grounding",
    "answers",
    "measured by",
  ],
  offlineCheck: "the offline check",
  judge: (judges) => `judge ${judges}`,
  rubric: "## Rubric (model judge)",
  rubricNote: (prompt) =>
    `Scores from 1 to 5 given by a model judge (prompt ${prompt}); a model does not score its own answers (nor does a draft → refine entry's part score the entry's).`,
  rubricHeader: (criteria) => ["model", "mean", ...criteria, "scored", "judges (answers)", "unscored"],
  pipeline: "## Draft → refine",
  pipelineNote:
    "The small model writes the draft; the large one refines it only when the rule asks for it (a long draft, weak grounding, a flagged topic). Each part with its latency, tokens and cost; together = the answer's figures.",
  pipelineHeader: ["entry", "part", "model", "p50 latency", "p95", "tokens in → out", "cost", "refinements"],
  failed: (n) => `${n} failed`,
  draft: "draft",
  refine: "refine",
  together: "together",
  failureModes: "## Failure modes",
  failureModesNote:
    'Counted over the answers where each could happen; "—" = nothing to measure (for example, instability counts only the cases × temperatures with the "stable" assertion, while the stability by temperature above is the similarity between runs of every case).',
  failureLabels: {
    hallucinated_citations: "invented citations",
    unsupported_claims: "unsupported claims",
    refusals: "refusals without reason",
    truncations: "truncations",
    instability: "instability",
    ignored_role: "ignored role",
  },
  firstExample: "The first example of each (every row is in results.csv):",
  example: (run) => `run ${run}`,
};

export const REPORT_TEXT: Record<Lang, ReportText> = { ro: RO, en: EN };
