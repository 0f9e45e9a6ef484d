// The checkable facts of a Romanian text: numbers (digits or words, with thousands, decimals, percentages and
// magnitudes), dates (years, a day with its month, ISO dates) and names (capitalised words that are not the
// ordinary first word of a sentence). The grounding check looks for each fact of a sentence in its cited passages.
import { foldDiacritics } from "./text";

export interface TextFacts {
  /** Numbers as values, a magnitude applied ("5 milioane" is 5000000); years are dates, not numbers. */
  numbers: { value: number; written: string; bare?: number }[];
  /** Years and "14 martie"-style days, each as a key ("y2025", "d14-3") with how it was written. */
  dates: { key: string; written: string }[];
  /** Folded names ("ionescu", "psd"), with how they were written. */
  names: { folded: string; written: string }[];
}

export const MONTHS = [
  "ianuarie",
  "februarie",
  "martie",
  "aprilie",
  "mai",
  "iunie",
  "iulie",
  "august",
  "septembrie",
  "octombrie",
  "noiembrie",
  "decembrie",
] as const;
const MONTH_INDEX = new Map<string, number>(MONTHS.map((m, i) => [m, i + 1]));

const UNITS: Record<string, number> = {
  unu: 1,
  doi: 2,
  doua: 2,
  trei: 3,
  patru: 4,
  cinci: 5,
  sase: 6,
  sapte: 7,
  opt: 8,
  noua: 9,
  zece: 10,
  unsprezece: 11,
  doisprezece: 12,
  douasprezece: 12,
  treisprezece: 13,
  paisprezece: 14,
  cincisprezece: 15,
  saisprezece: 16,
  saptesprezece: 17,
  optsprezece: 18,
  nouasprezece: 19,
  douazeci: 20,
  treizeci: 30,
  patruzeci: 40,
  cincizeci: 50,
  saizeci: 60,
  saptezeci: 70,
  optzeci: 80,
  nouazeci: 90,
  suta: 100,
  sute: 100,
};
const MAGNITUDES: Record<string, number> = {
  mie: 1e3,
  mii: 1e3,
  milion: 1e6,
  milioane: 1e6,
  mil: 1e6,
  miliard: 1e9,
  miliarde: 1e9,
  mld: 1e9,
};

/** Folded words that count as numbers or their units, left out of the lexical measure (numbers are checked apart). */
export const NUMBER_WORDS: ReadonlySet<string> = new Set([
  ...Object.keys(UNITS),
  ...Object.keys(MAGNITUDES),
  "procent",
  "procente",
  "procentul",
  "procentele",
  "lei",
  "euro",
  "ron",
  "dolari",
  "sute",
  "suta",
]);

/** Words that open sentences and are no names ("Totuși", "Potrivit"); folded. */
const OPENERS: ReadonlySet<string> = new Set(
  (
    "totusi astfel asadar deci insa dar iar si sau de in pe la cu din pentru potrivit conform conform unii " +
    "altii multi multe cei cele majoritatea aceasta acesta acestea acestia acela aceea ele ei el ea mai " +
    "prin dupa inainte intre nici niciun nicio niciuna fiecare toti toate tot totul cateva cativa ambele " +
    "sursele sursa sursa comentariile comentariul textele textul autorul autorii raspuns raspunsul " +
    "observatie nota atentie pe de altfel ulterior initial anterior apoi acum astazi ieri maine cand daca " +
    "desi chiar doar numai unele unul una niste alte alta alt un o in plus mai mult prin urmare concluzie " +
    "rezumat pe scurt exista nu da"
  ).split(/\s+/),
);

/** Place names too generic to count as facts of a passage. */
const GENERIC_NAMES: ReadonlySet<string> = new Set(["romania", "romaniei", "romani", "romanii", "romanilor"]);

// Digits with Romanian (1.200,5) or plain (1200.5) separators, an optional percent sign.
const NUMBER = /(?<![\p{L}\p{N}])(\d{1,3}(?:[.\s]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(\s?%)?/gu;
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
const WORD = /[\p{L}][\p{L}'-]*/gu;

function parseDigits(text: string): number {
  // "1.200" and "1 200" are thousands; "1,5" and "1.5" decimals (a lone dot before 1–2 digits).
  if (/^\d{1,3}(?:[.\s]\d{3})+(?:,\d+)?$/.test(text))
    return Number(text.replace(/[.\s]/g, "").replace(",", "."));
  return Number(text.replace(",", "."));
}

function isYear(value: number, written: string): boolean {
  return /^\d{4}$/.test(written) && value >= 1900 && value <= 2100;
}

/** The folded word after position `at` (skipping spaces and "de"), for magnitudes and months. */
function nextWord(text: string, at: number): { word: string; end: number } | null {
  const m = /^\s*(?:de\s+)?([\p{L}]+)\.?/u.exec(text.slice(at));
  return m ? { word: foldDiacritics(m[1]!), end: at + m[0].length } : null;
}

function addNumbers(text: string, facts: TextFacts): void {
  for (const iso of text.matchAll(ISO_DATE)) {
    facts.dates.push({ key: `y${Number(iso[1])}`, written: iso[0] });
    facts.dates.push({ key: `m${Number(iso[2])}-${Number(iso[1])}`, written: iso[0] });
    facts.dates.push({ key: `d${Number(iso[3])}-${Number(iso[2])}`, written: iso[0] });
  }
  const withoutIso = text.replace(ISO_DATE, " ");
  for (const m of withoutIso.matchAll(NUMBER)) {
    const written = m[0].trim();
    const value = parseDigits(m[1]!.trim());
    if (!Number.isFinite(value)) continue;
    const after = nextWord(withoutIso, m.index + m[0].length);
    const month = after ? MONTH_INDEX.get(after.word) : undefined;
    if (month && Number.isInteger(value) && value >= 1 && value <= 31) {
      facts.dates.push({ key: `d${value}-${month}`, written: `${written} ${after!.word}` });
      continue;
    }
    // "martie 2026": the month of that year (a year alone is a number-like date, below).
    const before = /([\p{L}]+)\s+$/u.exec(withoutIso.slice(Math.max(0, m.index - 16), m.index))?.[1];
    const monthBefore = before ? MONTH_INDEX.get(foldDiacritics(before)) : undefined;
    if (monthBefore && isYear(value, m[1]!) && !m[2]) {
      facts.dates.push({ key: `m${monthBefore}-${value}`, written: `${before} ${written}` });
      continue;
    }
    if (isYear(value, m[1]!) && !m[2]) {
      facts.dates.push({ key: `y${value}`, written });
      continue;
    }
    const magnitude = after ? MAGNITUDES[after.word] : undefined;
    facts.numbers.push(
      magnitude
        ? { value: value * magnitude, bare: value, written: `${written} ${after!.word}` }
        : { value, written },
    );
  }
}

/** Number words: "cinci", "douăzeci și cinci", "o sută", with a magnitude after them ("cinci milioane"). */
function addNumberWords(folded: string, facts: TextFacts): void {
  const words = folded.match(/[a-z]+/g) ?? [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const previous = words[i - 1] ?? "";
    let value = UNITS[word];
    if (value === undefined) continue;
    // "o nouă lege" is new, not nine; "a doua" is an ordinal; "la sută" a percent sign; "trei sute" is read at "trei".
    if (word === "noua" && ["o", "cea", "mai", "a", "noi", "cel"].includes(previous)) continue;
    if ((word === "doua" || word === "doi") && (previous === "a" || previous === "al")) continue;
    if ((word === "suta" || word === "sute") && (previous === "la" || UNITS[previous] !== undefined))
      continue;
    let j = i + 1;
    // "douăzeci și cinci"
    if (value >= 20 && value % 10 === 0 && words[j] === "si" && (UNITS[words[j + 1] ?? ""] ?? 99) < 10) {
      value += UNITS[words[j + 1]!]!;
      j += 2;
    }
    if (value < 100 && (words[j] === "sute" || words[j] === "suta")) {
      value *= 100;
      j++;
    }
    const bare = value;
    if (words[j] === "de" && MAGNITUDES[words[j + 1] ?? ""]) j++;
    const magnitude = MAGNITUDES[words[j] ?? ""];
    if (magnitude) j++;
    facts.numbers.push({
      value: magnitude ? bare * magnitude : bare,
      bare,
      written: words.slice(i, j).join(" "),
    });
    i = j - 1;
  }
}

/** Folded words that follow a sentence's subject when it is a person or a body ("Popa a spus", "Popa cere"). */
const SUBJECT_FOLLOWERS: ReadonlySet<string> = new Set(
  (
    "a au spune spun declara afirma sustine crede considera cere propune acuza critica promite anunta " +
    "vrea respinge sustin cer propun acuza neaga recunoaste"
  ).split(/\s+/),
);

function addNames(text: string, facts: TextFacts, knownNames: ReadonlySet<string> | undefined): void {
  const words = [...text.matchAll(WORD)];
  words.forEach((m, i) => {
    const word = m[0];
    const atStart = i === 0 || /[:«„"“(]\s*$/.test(text.slice(Math.max(0, m.index - 2), m.index));
    if (!/^\p{Lu}/u.test(word) || word.length < 2) return;
    const folded = foldDiacritics(word);
    if (MONTH_INDEX.has(folded) || GENERIC_NAMES.has(folded)) return;
    const acronym = /^\p{Lu}{2,}$/u.test(word);
    if (atStart && !acronym) {
      // The first word is capitalised anyway: a name only when it is no ordinary opener and is known as one
      // (capitalised inside a sentence of the passages or the answer) or stands as a subject ("Popa a spus").
      if (OPENERS.has(folded)) return;
      const next = words[i + 1]?.[0];
      const subject = next !== undefined && SUBJECT_FOLLOWERS.has(foldDiacritics(next));
      if (!knownNames?.has(folded) && !subject) return;
    }
    for (const part of folded.split("-"))
      if (part.length >= 2) facts.names.push({ folded: part, written: word });
  });
}

/** Folded words written capitalised inside a sentence (not first): the names a text knows. One pass. */
export function namesInside(text: string): Set<string> {
  const out = new Set<string>();
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const first = last === 0 || /[.!?…:\n]/.test(text.slice(last, m.index));
    last = m.index + word.length;
    if (!first && word[0] !== word[0]!.toLowerCase()) out.add(foldDiacritics(word));
  }
  return out;
}

export interface FactOptions {
  /** Names known from the passages and the answer (see addNames). */
  knownNames?: ReadonlySet<string>;
  /** The text already folded (foldDiacritics), when the caller has it. */
  folded?: string;
  /** Read names too (default true); a passage's evidence needs none, its words hold them. */
  names?: boolean;
}

/** The numbers, dates and names of one sentence (or one passage). */
export function factsOf(text: string, options: FactOptions = {}): TextFacts {
  const facts: TextFacts = { numbers: [], dates: [], names: [] };
  addNumbers(text, facts);
  addNumberWords(options.folded ?? foldDiacritics(text), facts);
  if (options.names !== false) addNames(text, facts, options.knownNames);
  return facts;
}

/** The month of a folded word, or undefined. */
export function monthOf(folded: string): number | undefined {
  return MONTH_INDEX.get(folded);
}
