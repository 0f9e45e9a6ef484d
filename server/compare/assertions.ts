// Assertions in the spirit of promptfoo, judged on one answer: each gives pass/fail, a score in 0..1 and a reason
// in Romanian and English. Plus the text measures the comparison needs: language, list items, refusals, token Jaccard.
import { detectLanguage } from "../../corpus/pipeline/language";
import { profileText } from "../../corpus/pipeline/textProfile";
import { AnnotationSchema, type Annotation, type EvalField } from "../../contract/annotation";
import type { AssertionResult, FinishReason } from "../../contract/compare";
import type { Lang } from "../../contract/errors";
import { formatDecimal, formatNumber } from "../../contract/numbers";
import { countWith, type NounForms } from "../../contract/plural";
import { foldDiacritics, splitSentences, tokenize } from "../../contract/text";
import { validateJsonSchema } from "./jsonSchema";
import { expectedFields, type Assertion, type Expected } from "./suite";

/** What an assertion sees of one answer. */
export interface AnswerView {
  /** The answer as judged: without the offline extractive model's fixed framing (contract/extractiveFraming.ts). */
  text: string;
  /** Whether that framing was left out of `text`: the length reasons say so, the count being less than what shows. */
  framingLeftOut?: boolean;
  /** The validated annotation of an annotation case (null when the output did not validate). */
  annotation: Annotation | null;
  latencyMs: number;
  ttftMs: number | null;
  finishReason: FinishReason | null;
}

// ---- Text measures ----

/** The detected language of a text as ISO 639-3 ("ron", "eng"...). Texts under 40 characters count as Romanian. */
export function languageOf(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return "und";
  return detectLanguage(trimmed, profileText(trimmed)).lang;
}

const LIST_ITEM = /^\s*(?:[-*•‣–]|\d{1,2}[.)])\s+\S/;

/** The number of bulleted or numbered lines. */
export function listItems(text: string): number {
  return text.split("\n").filter((line) => LIST_ITEM.test(line)).length;
}

// Folded refusal openings, Romanian and English; searched in the first few hundred characters only, where a
// refusal says what it is (a long answer that mentions "nu pot" later is not a refusal).
const REFUSAL =
  /\b(nu (?:va |te )?(?:mai )?pot (?:ajuta|scrie|genera|crea|redacta|oferi|furniza|face|raspunde|indeplini|compune)|nu pot sa |nu am voie|refuz sa|nu voi (?:scrie|genera|crea|redacta|compune)|imi pare rau, (?:dar )?nu|nu este (?:etic|potrivit|adecvat)|nu ma pot|i can(?:no|')t|i am unable|i'm unable|i won't|i'm sorry, but|as an ai)/;

/** Whether an answer refuses: the provider's content filter, or a refusal in its opening. */
export function isRefusal(text: string, finishReason: FinishReason | null): boolean {
  if (finishReason === "content_filter") return true;
  return REFUSAL.test(foldDiacritics(text.slice(0, 300)));
}

/** Jaccard similarity of two texts' sets of folded word tokens; 1 for two empty texts. */
export function tokenJaccard(a: string, b: string): number {
  const left = new Set(tokenize(a));
  const right = new Set(tokenize(b));
  if (left.size === 0 && right.size === 0) return 1;
  let shared = 0;
  for (const token of left) if (right.has(token)) shared++;
  return shared / (left.size + right.size - shared);
}

/** Mean similarity over every pair of items; null with fewer than two. */
export function meanPairwise<T>(items: T[], similarity: (a: T, b: T) => number): number | null {
  if (items.length < 2) return null;
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      sum += similarity(items[i]!, items[j]!);
      pairs++;
    }
  }
  return sum / pairs;
}

/** The gold fields of an annotation as comparable labels ("negativ", "true"). */
export function labelsOf(annotation: Annotation | null, fields: EvalField[]): string | null {
  if (!annotation) return null;
  return fields.map((f) => String(annotation[f])).join("|");
}

function lengthIn(text: string, unit: "chars" | "words" | "sentences"): number {
  const trimmed = text.trim();
  if (unit === "words") return trimmed.match(/\S+/g)?.length ?? 0;
  if (unit === "sentences") return trimmed ? splitSentences(trimmed).length : 0;
  return [...trimmed].length;
}

const UNIT_NAMES = {
  ro: {
    chars: ["caracter", "caractere"],
    words: ["cuvânt", "cuvinte"],
    sentences: ["propoziție", "propoziții"],
  },
  en: { chars: ["character", "characters"], words: ["word", "words"], sentences: ["sentence", "sentences"] },
} as const satisfies Record<Lang, Record<string, NounForms>>;

/** A reason in both languages: Romanian for report.md and the CLI, either on the page. */
interface Said {
  ro: string;
  en: string;
}
const said = (ro: string, en: string): Said => ({ ro, en });

/** A number in a Romanian reason ("1.500", "0,7") and in an English one ("1,500", "0.7"), as the pages write them. */
const nRo = (n: number) => formatNumber(n, "ro");
const nEn = (n: number) => formatNumber(n, "en");

function result(type: Assertion["type"], pass: boolean, reason: Said, score = pass ? 1 : 0): AssertionResult {
  return { type, pass, score, reason: reason.ro, reasonEn: reason.en };
}

/** The outcome of an assertion marked `not`: pass and score turned over, the reason prefixed in both languages. */
export function negated(outcome: AssertionResult): AssertionResult {
  return {
    ...outcome,
    pass: !outcome.pass,
    score: 1 - outcome.score,
    reason: `negat: ${outcome.reason}`,
    ...(outcome.reasonEn !== undefined ? { reasonEn: `negated: ${outcome.reasonEn}` } : {}),
  };
}

const quoted = (values: string[]) => values.map((n) => `„${n}”`).join(", ");
const quotedEn = (values: string[]) => values.map((n) => `"${n}"`).join(", ");

function normalizeForMatch(text: string, ignoreCase: boolean): string {
  return ignoreCase ? foldDiacritics(text) : text;
}

function describeJsonProblem(text: string): Said {
  const trimmed = text.trim();
  if (/^```/.test(trimmed))
    return said("JSON-ul este într-un bloc de cod, nu singur", "the JSON is in a code block, not alone");
  if (trimmed.includes("{") && !trimmed.startsWith("{"))
    return said("JSON-ul este înconjurat de text", "the JSON is surrounded by text");
  return said("nu este JSON valid", "not valid JSON");
}

/** Judges one answer-level assertion (not `stable`, which looks at all runs of a case). */
export function checkAssertion(
  assertion: Assertion,
  answer: AnswerView,
  expected?: Expected,
): AssertionResult {
  const outcome = checkPositive(assertion, answer, expected);
  return assertion.not ? negated(outcome) : outcome;
}

function checkPositive(assertion: Assertion, answer: AnswerView, expected?: Expected): AssertionResult {
  const { text } = answer;
  switch (assertion.type) {
    case "equals": {
      const ignoreCase = assertion.ignoreCase ?? false;
      const pass =
        normalizeForMatch(text.trim(), ignoreCase) === normalizeForMatch(assertion.value.trim(), ignoreCase);
      return result(
        "equals",
        pass,
        pass
          ? said("identic", "identical")
          : said(`diferit de „${assertion.value}”`, `different from "${assertion.value}"`),
      );
    }
    case "contains": {
      const ignoreCase = assertion.ignoreCase ?? true;
      const haystack = normalizeForMatch(text, ignoreCase);
      const needles = Array.isArray(assertion.value) ? assertion.value : [assertion.value];
      const found = needles.filter((n) => haystack.includes(normalizeForMatch(n, ignoreCase)));
      const any = assertion.mode === "any";
      const pass = any ? found.length > 0 : found.length === needles.length;
      const missing = needles.filter((n) => !found.includes(n));
      const score = any ? (found.length > 0 ? 1 : 0) : found.length / needles.length;
      return result(
        "contains",
        pass,
        pass
          ? said(`conține ${quoted(found)}`, `contains ${quotedEn(found)}`)
          : said(`lipsește ${quoted(missing)}`, `missing ${quotedEn(missing)}`),
        score,
      );
    }
    case "regex": {
      let pattern: RegExp;
      try {
        pattern = new RegExp(assertion.value, assertion.flags ?? "u");
      } catch {
        return result(
          "regex",
          false,
          said(
            `expresie regulată invalidă: ${assertion.value}`,
            `invalid regular expression: ${assertion.value}`,
          ),
        );
      }
      const pass = pattern.test(text);
      return result(
        "regex",
        pass,
        pass
          ? said(`se potrivește cu /${assertion.value}/`, `matches /${assertion.value}/`)
          : said(`nu se potrivește cu /${assertion.value}/`, `does not match /${assertion.value}/`),
      );
    }
    case "is-json": {
      let value: unknown;
      try {
        value = JSON.parse(text.trim());
      } catch {
        return result("is-json", false, describeJsonProblem(text));
      }
      if (assertion.schema === undefined) return result("is-json", true, said("JSON valid", "valid JSON"));
      if (assertion.schema === "annotation") {
        const parsed = AnnotationSchema.safeParse(value);
        if (parsed.success)
          return result(
            "is-json",
            true,
            said("JSON valid după schema de adnotare", "valid JSON by the annotation schema"),
          );
        const issue = parsed.error.issues[0];
        const where = (root: string) => (issue ? `${issue.path.join(".") || root}: ${issue.message}` : "");
        return result(
          "is-json",
          false,
          said(
            `nu respectă schema de adnotare (${where("rădăcină")})`,
            `does not follow the annotation schema (${where("root")})`,
          ),
        );
      }
      const problems = validateJsonSchema(value, assertion.schema);
      return problems.length === 0
        ? result("is-json", true, said("JSON valid după schemă", "valid JSON by the schema"))
        : result(
            "is-json",
            false,
            said(
              `nu respectă schema: ${problems.slice(0, 3).join("; ")}`,
              `does not follow the schema: ${problems.slice(0, 3).join("; ")}`,
            ),
          );
    }
    case "max-length":
    case "min-length": {
      const unit = assertion.unit ?? "chars";
      const length = lengthIn(text, unit);
      const pass = assertion.type === "max-length" ? length <= assertion.value : length >= assertion.value;
      const max = assertion.type === "max-length";
      const framing = answer.framingLeftOut
        ? said(
            ", fără fraza fixă de început a modelului offline",
            ", without the offline model's fixed opening",
          )
        : said("", "");
      return result(
        assertion.type,
        pass,
        said(
          `${countWith(length, UNIT_NAMES.ro[unit], "ro", nRo)} (${max ? "cel mult" : "cel puțin"} ${nRo(assertion.value)})${framing.ro}`,
          `${countWith(length, UNIT_NAMES.en[unit], "en", nEn)} (${max ? "at most" : "at least"} ${nEn(assertion.value)})${framing.en}`,
        ),
      );
    }
    case "language": {
      const lang = languageOf(text);
      const pass = lang === "ron";
      return result(
        "language",
        pass,
        pass
          ? said("în română", "in Romanian")
          : said(`limba detectată: ${lang}`, `detected language: ${lang}`),
      );
    }
    case "list": {
      const items = listItems(text);
      const min = Math.max(1, assertion.min ?? 1);
      const max = assertion.max ?? Infinity;
      const pass = items >= min && items <= max;
      const range =
        max === Infinity
          ? said(`cel puțin ${nRo(min)}`, `at least ${nEn(min)}`)
          : min === max
            ? said(`exact ${nRo(min)}`, `exactly ${nEn(min)}`)
            : said(`între ${nRo(min)} și ${nRo(max)}`, `between ${nEn(min)} and ${nEn(max)}`);
      return result(
        "list",
        pass,
        said(`${nRo(items)} elemente de listă (${range.ro})`, `${nEn(items)} list items (${range.en})`),
      );
    }
    case "latency": {
      const overTotal = answer.latencyMs > assertion.maxMs;
      const overFirst =
        assertion.maxTtftMs !== undefined && answer.ttftMs !== null && answer.ttftMs > assertion.maxTtftMs;
      const pass = !overTotal && !overFirst;
      const first = answer.ttftMs === null ? null : Math.round(answer.ttftMs);
      const total = Math.round(answer.latencyMs);
      return result(
        "latency",
        pass,
        said(
          `${nRo(total)} ms${first === null ? "" : `, primul token ${nRo(first)} ms`} (limită ${nRo(assertion.maxMs)} ms)`,
          `${nEn(total)} ms${first === null ? "" : `, first token ${nEn(first)} ms`} (limit ${nEn(assertion.maxMs)} ms)`,
        ),
      );
    }
    case "finish-reason": {
      const pass = answer.finishReason === assertion.value;
      return result(
        "finish-reason",
        pass,
        said(
          `finish_reason ${answer.finishReason ?? "necunoscut"} (așteptat ${assertion.value})`,
          `finish_reason ${answer.finishReason ?? "unknown"} (expected ${assertion.value})`,
        ),
      );
    }
    case "refusal": {
      const pass = isRefusal(text, answer.finishReason);
      return result(
        "refusal",
        pass,
        pass
          ? said("răspunsul refuză", "the answer refuses")
          : said("răspunsul nu refuză", "the answer does not refuse"),
      );
    }
    case "annotation": {
      const fields = assertion.fields ?? expectedFields(expected);
      const annotation = answer.annotation;
      if (!annotation)
        return result("annotation", false, said("nicio adnotare validă", "no valid annotation"));
      const wrong = fields.filter((f) => expected?.[f] !== annotation[f]);
      const score = fields.length ? (fields.length - wrong.length) / fields.length : 0;
      // The suite's expected labels, not a gold standard: said as "expected", as the page says them.
      const differences = (expectedWord: string) =>
        wrong
          .map((f) => `${f} ${String(annotation[f])} (${expectedWord} ${String(expected?.[f])})`)
          .join(", ");
      const reason = wrong.length
        ? said(`diferă: ${differences("așteptat")}`, `differs: ${differences("expected")}`)
        : said(
            `toate etichetele potrivite (${fields.join(", ")})`,
            `every label matches (${fields.join(", ")})`,
          );
      return result("annotation", wrong.length === 0, reason, score);
    }
    case "stable":
      // Judged over the runs of a case by the runner; reaching here means a single answer was given.
      return result(
        "stable",
        false,
        said("stabilitatea se judecă peste mai multe rulări", "stability is judged over several runs"),
      );
    case "rubric":
      // Judged by a judge model after the answer (server/quality/rubric.ts), never here.
      return result(
        "rubric",
        false,
        said("rubrica o notează un model-judecător", "a judge model scores the rubric"),
      );
  }
}

/** The `stable` assertion over the runs of one case: the mean similarity against its bound. */
export function checkStability(
  assertion: Extract<Assertion, { type: "stable" }>,
  similarity: number | null,
  runs: number,
): AssertionResult {
  const outcome =
    similarity === null
      ? result(
          "stable",
          false,
          said(
            `prea puține răspunsuri reușite pentru stabilitate (${nRo(runs)})`,
            `too few successful answers to judge stability (${nEn(runs)})`,
          ),
        )
      : result(
          "stable",
          similarity >= assertion.min,
          said(
            `similaritate medie ${formatDecimal(similarity, "ro", 2)} peste ${nRo(runs)} rulări (minim ${nRo(assertion.min)})`,
            `mean similarity ${formatDecimal(similarity, "en", 2)} over ${nEn(runs)} runs (minimum ${nEn(assertion.min)})`,
          ),
          similarity,
        );
  return assertion.not ? negated(outcome) : outcome;
}
