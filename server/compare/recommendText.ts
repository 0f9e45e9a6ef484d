// The words of the recommendation (recommend.ts) in Romanian, for report.md and the Romanian page, and in English,
// for the page's English switch: the same facts, one function per sentence, numbers written the language's way.
import type { Lang } from "../../contract/errors";

export interface RecommendText {
  percent(value: number | null): string;
  number(value: number | null, digits?: number): string;
  temperature(value: number): string;
  ms(value: number | null): string;
  rule: string;
  excluded: {
    unknown: string;
    pipeline: string;
    annotatesOnly: string;
    noCase: string;
    noAnswer(codes: string[]): string;
  };
  /** `applicable`: the pass rate over the cases that apply to the model (the table's "passed" column), when it differs. */
  quality(quality: string, passed: string, json: string | null, applicable?: string | null): string;
  decision: {
    alone: string;
    quality(runnerUp: string, its: string): string;
    f1(runnerUp: string, best: string, its: string): string;
    latency(runnerUp: string, best: string, its: string): string;
    order(runnerUp: string): string;
  };
  temperatureFacts(passRate: string, stability: string): string;
  temperatureAt(temperature: string, facts: string): string;
  onlyTemperature(temperature: string, facts: string): string;
  chosenTemperature(temperature: string, facts: string, others: string[]): string;
  offlineIgnoresTemperature: string;
  noPrimary: string;
  excludedList(list: string): string;
  excludedFromRanking(list: string): string;
  primary(model: string, quality: string, decision: string): string;
  fallbackOtherProvider(model: string, provider: string, primaryProvider: string, quality: string): string;
  fallbackOffline(model: string, primaryProvider: string): string;
  noFallback: string;
}

const na = (value: number | null, show: (v: number) => string) => (value === null ? "n/a" : show(value));

const RO: RecommendText = {
  percent: (v) => na(v, (x) => `${Math.round(x * 100)}%`),
  number: (v, digits = 2) => na(v, (x) => x.toFixed(digits).replace(".", ",")),
  temperature: (v) => String(v).replace(".", ","),
  ms: (v) => na(v, (x) => `${Math.round(x).toLocaleString("ro-RO")} ms`),
  rule:
    "Calitate = media dintre scorul pe cazuri (cazuri trecute din toată suita; „n/a” contează ca netrecut) și rata de JSON valid " +
    "(0 pentru un model care nu scrie JSON, dacă suita cere JSON). Dintre modelele care generează text și au răspuns la cel puțin un apel, " +
    "se păstrează cele la cel mult 5 puncte de cea mai bună calitate; dintre ele, cele la cel mult 5 puncte de cel mai bun macro-F1 la adnotare; " +
    "dintre ele câștigă latența p95 cea mai mică. Rezerva este cel mai bun model rămas al altui furnizor (altfel modelul offline). " +
    "Temperatura: a modelului principal cu cele mai multe cazuri trecute din cele care i se aplică (±5 puncte), apoi cea mai stabilă, apoi cea mai mică.",
  excluded: {
    unknown: "nu este un model cunoscut",
    pipeline: "este o intrare ciornă → rafinare (se configurează cu DRAFT_MODEL și REFINE_MODEL)",
    annotatesOnly: "nu generează text, doar adnotează",
    noCase: "niciun caz al suitei nu i se aplică",
    noAnswer: (codes) => `nu a răspuns la niciun apel${codes.length ? `: ${codes.join(", ")}` : ""}`,
  },
  // Two pass figures can sit side by side (the quality's and the temperature's): each says what it counts.
  quality: (quality, passed, json, applicable) => {
    const suite = `a trecut ${passed} din toate cazurile suitei („n/a” și erorile numărate ca netrecute)`;
    const table = applicable
      ? `, adică ${applicable} din cazurile care i se aplică (coloana „Trecute din cazurile aplicabile”)`
      : "";
    return json === null
      ? `calitate ${quality}: ${suite}${table}`
      : `calitate ${quality}: media dintre cazurile trecute (${suite}${table}) și JSON valid ${json}`;
  },
  decision: {
    alone: "singurul model eligibil",
    quality: (runnerUp, its) => `cea mai bună calitate; următorul, ${runnerUp}, are ${its}`,
    f1: (runnerUp, best, its) =>
      `calitate la egalitate (±5 puncte) cu ${runnerUp}; decide macro-F1 la adnotare: ${best} față de ${its}`,
    latency: (runnerUp, best, its) =>
      `calitate și adnotare la egalitate (±5 puncte) cu ${runnerUp}; decide latența p95: ${best} față de ${its}`,
    order: (runnerUp) => `la egalitate în toate cu ${runnerUp}; decide ordinea din --models`,
  },
  temperatureFacts: (passRate, stability) =>
    `a trecut ${passRate} din cazurile care i se aplică la această temperatură, stabilitate ${stability}`,
  temperatureAt: (temperature, facts) => `la ${temperature}: ${facts}`,
  onlyTemperature: (temperature, facts) => `Temperatura ${temperature}: singura încercată (${facts}).`,
  chosenTemperature: (temperature, facts, others) =>
    `Temperatura ${temperature}: ${facts}${others.length ? ` (${others.join("; ")})` : ""}.`,
  offlineIgnoresTemperature:
    " Modelul offline ignoră temperatura; valoarea contează pentru modelele de rezervă.",
  noPrimary:
    "Niciun model comparat nu poate fi model principal (niciunul nu a generat text). Lanțul aplicației rămâne pe modelul offline.",
  excludedList: (list) => `Excluse: ${list}.`,
  excludedFromRanking: (list) => `Excluse din clasament: ${list}.`,
  primary: (model, quality, decision) => `Model principal: ${model} — ${quality}; ${decision}.`,
  fallbackOtherProvider: (model, provider, primaryProvider, quality) =>
    `Rezervă: ${model} — cel mai bun model al altui furnizor (${provider}, nu ${primaryProvider}), ca o pană a furnizorului principal să nu le oprească pe amândouă; ${quality}.`,
  fallbackOffline: (model, primaryProvider) =>
    `Rezervă: ${model} — niciun model comparat nu e de la alt furnizor decât ${primaryProvider}; modelul offline nu are nevoie de rețea.`,
  noFallback: "Fără rezervă separată: modelul principal este cel offline, cu care lanțul se termină oricum.",
};

const EN: RecommendText = {
  percent: RO.percent,
  number: (v, digits = 2) => na(v, (x) => x.toFixed(digits)),
  temperature: (v) => String(v),
  ms: (v) => na(v, (x) => `${Math.round(x).toLocaleString("en-GB")} ms`),
  rule:
    'Quality = the mean of the case score (cases passed over the whole suite; "n/a" counts as not passed) and the valid JSON rate ' +
    "(0 for a model that writes no JSON, if the suite asks for JSON). Of the models that generate text and answered at least one call, " +
    "those within 5 points of the best quality stay; of them, those within 5 points of the best annotation macro-F1; " +
    "of them, the lowest p95 latency wins. The fallback is the best remaining model of another provider (else the offline model). " +
    "Temperature: the primary's with the most cases passed of those that apply to it (±5 points), then the most stable, then the lowest.",
  excluded: {
    unknown: "not a known model",
    pipeline: "a draft → refine entry (configured with DRAFT_MODEL and REFINE_MODEL)",
    annotatesOnly: "does not generate text, only annotates",
    noCase: "no case of the suite applies to it",
    noAnswer: (codes) => `answered no call${codes.length ? `: ${codes.join(", ")}` : ""}`,
  },
  quality: (quality, passed, json, applicable) => {
    const suite = `it passed ${passed} of all the suite's cases ("n/a" and errors counted as not passed)`;
    const table = applicable
      ? `, that is ${applicable} of the cases that apply to it (the "Passed of the cases that apply" column)`
      : "";
    return json === null
      ? `quality ${quality}: ${suite}${table}`
      : `quality ${quality}: the mean of the cases passed (${suite}${table}) and valid JSON ${json}`;
  },
  decision: {
    alone: "the only eligible model",
    quality: (runnerUp, its) => `the best quality; the next, ${runnerUp}, has ${its}`,
    f1: (runnerUp, best, its) =>
      `quality tied (±5 points) with ${runnerUp}; annotation macro-F1 decides: ${best} against ${its}`,
    latency: (runnerUp, best, its) =>
      `quality and annotation tied (±5 points) with ${runnerUp}; p95 latency decides: ${best} against ${its}`,
    order: (runnerUp) => `tied in everything with ${runnerUp}; the order of --models decides`,
  },
  temperatureFacts: (passRate, stability) =>
    `it passed ${passRate} of the cases that apply to it at this temperature, stability ${stability}`,
  temperatureAt: (temperature, facts) => `at ${temperature}: ${facts}`,
  onlyTemperature: (temperature, facts) => `Temperature ${temperature}: the only one tried (${facts}).`,
  chosenTemperature: (temperature, facts, others) =>
    `Temperature ${temperature}: ${facts}${others.length ? ` (${others.join("; ")})` : ""}.`,
  offlineIgnoresTemperature:
    " The offline model ignores the temperature; the value matters for the fallback models.",
  noPrimary:
    "No compared model can be the primary (none generated text). The app's chain stays on the offline model.",
  excludedList: (list) => `Excluded: ${list}.`,
  excludedFromRanking: (list) => `Excluded from the ranking: ${list}.`,
  primary: (model, quality, decision) => `Primary model: ${model} — ${quality}; ${decision}.`,
  fallbackOtherProvider: (model, provider, primaryProvider, quality) =>
    `Fallback: ${model} — the best model of another provider (${provider}, not ${primaryProvider}), so that an outage of the primary's provider does not stop both; ${quality}.`,
  fallbackOffline: (model, primaryProvider) =>
    `Fallback: ${model} — no compared model is from a provider other than ${primaryProvider}; the offline model needs no network.`,
  noFallback: "No separate fallback: the primary is the offline model, with which the chain ends anyway.",
};

export const RECOMMEND_TEXT: Record<Lang, RecommendText> = { ro: RO, en: EN };
