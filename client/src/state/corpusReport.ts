// The cleaning report as the page draws it (pure): a row per reason with its share and examples, the other changes
// that happened, and two near-duplicates side by side with the words that differ marked.
import {
  CLEAN_REASONS,
  type CleanExampleView,
  type CleanReason,
  type CleanView,
} from "../../../contract/corpusPage";
import type { MessageKey } from "../i18n";

export interface ReasonRow {
  reason: CleanReason;
  count: number;
  /** Of the records read. */
  share: number;
  examples: CleanExampleView[];
}

/** Every reason, in the page's order, with its count (zeros included: "none was too short" is news too). */
export function reasonRows(clean: CleanView): ReasonRow[] {
  return CLEAN_REASONS.map((reason) => {
    // A job recorded before the row existed has no count for it (`removed`): none.
    const count = clean.reasons[reason] ?? 0;
    return {
      reason,
      count,
      share: clean.read > 0 ? count / clean.read : 0,
      examples: clean.examples[reason] ?? [],
    };
  });
}

/** The changes other than the diacritics (shown apart), largest first. */
export function otherChanges(clean: CleanView): { rule: string; count: number }[] {
  return Object.entries(clean.changes)
    .filter(([rule, count]) => rule !== "cedilla" && count > 0)
    .map(([rule, count]) => ({ rule, count }))
    .sort((a, b) => b.count - a.count);
}

/** The words for a code the server sends as a plain string (a change rule, an import's skip reason), or none: a
 * newer server's code is then shown as it is instead of breaking the page. */
export function codeKey(kind: "change" | "skip", code: string): MessageKey | undefined {
  const key = `corpus.report.${kind}.${code}`;
  return KNOWN_CODE_KEYS.has(key) ? (key as MessageKey) : undefined;
}

const KNOWN_CODE_KEYS: ReadonlySet<string> = new Set<MessageKey>([
  "corpus.report.change.html_tags",
  "corpus.report.change.html_entities",
  "corpus.report.change.nfc",
  "corpus.report.change.cedilla",
  "corpus.report.change.invisible_chars",
  "corpus.report.change.urls",
  "corpus.report.change.mentions",
  "corpus.report.change.whitespace",
  "corpus.report.change.title",
  "corpus.report.change.id_renamed",
  "corpus.report.change.defaults_filled",
  "corpus.report.change.platform_known",
  "corpus.report.skip.csv_malformed",
  "corpus.report.skip.json_malformed",
  "corpus.report.skip.not_object",
  "corpus.report.skip.empty_text",
]);

export interface DiffPiece {
  text: string;
  /** A word the other text does not have at this place. */
  differs?: true;
}

const TOKEN = /\s+|[^\s]+/g;
/** Longer texts are compared by their first words only: the table is words × words. */
const MAX_WORDS = 400;

function normal(word: string): string {
  return word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

/**
 * Two texts with the words each has and the other lacks marked, by the longest common subsequence of their words
 * (case and punctuation ignored): what makes a near-duplicate near and not the same.
 */
export function wordDiff(a: string, b: string): { a: DiffPiece[]; b: DiffPiece[] } {
  const tokensA = a.match(TOKEN) ?? [];
  const tokensB = b.match(TOKEN) ?? [];
  const wordsA = tokensA
    .map((t, i) => ({ t, i }))
    .filter((x) => x.t.trim())
    .slice(0, MAX_WORDS);
  const wordsB = tokensB
    .map((t, i) => ({ t, i }))
    .filter((x) => x.t.trim())
    .slice(0, MAX_WORDS);
  const n = wordsA.length;
  const m = wordsB.length;
  // lcs[i][j]: the common subsequence's length of wordsA[i..] and wordsB[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] =
        normal(wordsA[i]!.t) === normal(wordsB[j]!.t)
          ? lcs[i + 1]![j + 1]! + 1
          : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const sameA = new Set<number>();
  const sameB = new Set<number>();
  for (let i = 0, j = 0; i < n && j < m;) {
    if (normal(wordsA[i]!.t) === normal(wordsB[j]!.t)) {
      sameA.add(wordsA[i]!.i);
      sameB.add(wordsB[j]!.i);
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) i++;
    else j++;
  }
  const pieces = (tokens: string[], same: Set<number>, compared: number): DiffPiece[] => {
    const out: DiffPiece[] = [];
    const wordDiffers = (i: number) =>
      tokens[i] !== undefined && tokens[i]!.trim() !== "" && i <= compared && !same.has(i);
    tokens.forEach((text, i) => {
      // A space between two differing words belongs to the marked run.
      const differs = text.trim() !== "" ? wordDiffers(i) : wordDiffers(i - 1) && wordDiffers(i + 1);
      const last = out.at(-1);
      if (last && Boolean(last.differs) === differs) last.text += text;
      else out.push(differs ? { text, differs: true } : { text });
    });
    return out;
  };
  return {
    a: pieces(tokensA, sameA, wordsA.at(-1)?.i ?? -1),
    b: pieces(tokensB, sameB, wordsB.at(-1)?.i ?? -1),
  };
}
