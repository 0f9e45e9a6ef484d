// franc-min's francAll(), computed faster for Latin-script text, with the same result to the last bit.
//
// franc scores a text against each of its 44 Latin-script language models by looking every distinct trigram
// of the text up in every model (44 object lookups per trigram) and sorting the trigrams first: about a
// quarter of a millisecond a text, most of the clean step's time. The distance it computes only depends on
// how often each distinct trigram occurs, so here the 44 models are merged into one table keyed by the
// trigram's three UTF-16 code units: one lookup per distinct trigram yields the few languages that know it
// and its rank in each. Texts whose script franc could decide otherwise go to franc itself.
import { francAll } from "franc-min";
import { data } from "franc-min/data.js";
import { fmix32 } from "./textProfile";

/** A language and its score (1 for the best match), as francAll returns them. */
export type LanguageScore = [string, number];

// franc-min's constants: the cost of a trigram a model lacks, the longest sample and the default minimum.
const MAX_DIFFERENCE = 300;
const MAX_LENGTH = 2048;
const MIN_LENGTH = 10;

/** The Latin-script languages, in franc's order (which decides ties). */
const LANGUAGES: readonly string[] = Object.keys(data.Latin!);

// The merged models: an open-addressing table from trigram to row, and per row the (language, rank) pairs
// of the models that contain the trigram. A trigram's key is its first code unit (`keyA`) and its other two
// (`keyB`); `keyA` is -1 in an empty slot.
const TABLE_BITS = 15;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
const tableKeyA = new Int32Array(1 << TABLE_BITS).fill(-1);
const tableKeyB = new Int32Array(1 << TABLE_BITS);
const tableRow = new Int32Array(1 << TABLE_BITS);

const slotHash = (a: number, b: number) => fmix32(Math.imul(a, 0x9e3779b1) ^ b);

/** The slot holding trigram (a, b), or the empty slot where it would go. */
function tableSlot(a: number, b: number): number {
  let slot = slotHash(a, b) & TABLE_MASK;
  while (tableKeyA[slot] !== -1 && (tableKeyA[slot] !== a || tableKeyB[slot] !== b)) {
    slot = (slot + 1) & TABLE_MASK;
  }
  return slot;
}

interface Rows {
  /** Row r's pairs are at [start[r], start[r + 1]). */
  start: Int32Array;
  language: Uint8Array;
  rank: Int16Array;
}

/** Builds the merged table from franc-min's models ("trigram|trigram|…", most frequent first). */
function buildModels(): Rows {
  const rows: Array<Array<[number, number]>> = [];
  LANGUAGES.forEach((language, languageIndex) => {
    const model = data.Latin![language]!.split("|");
    const seen = new Set<string>();
    model.forEach((trigram, rank) => {
      // franc keeps the first rank of a repeated trigram; a model entry that is not three code units long
      // can never equal a text's trigram.
      if (trigram.length !== 3 || seen.has(trigram)) return;
      seen.add(trigram);
      const a = trigram.charCodeAt(0);
      const b = (trigram.charCodeAt(1) << 16) | trigram.charCodeAt(2);
      const slot = tableSlot(a, b);
      if (tableKeyA[slot] === -1) {
        tableKeyA[slot] = a;
        tableKeyB[slot] = b;
        tableRow[slot] = rows.length;
        rows.push([]);
      }
      rows[tableRow[slot]!]!.push([languageIndex, rank]);
    });
  });
  const pairs = rows.reduce((n, row) => n + row.length, 0);
  const out: Rows = {
    start: new Int32Array(rows.length + 1),
    language: new Uint8Array(pairs),
    rank: new Int16Array(pairs),
  };
  let at = 0;
  rows.forEach((row, i) => {
    out.start[i] = at;
    for (const [language, rank] of row) {
      out.language[at] = language;
      out.rank[at] = rank;
      at += 1;
    }
  });
  out.start[rows.length] = at;
  return out;
}
const { start: rowStart, language: rowLanguage, rank: rowRank } = buildModels();

// Scratch space for one text: its distinct trigrams with their counts, in a table cleared by bumping
// `generation` (a slot belongs to this text when its stamp equals it). A sample gives at most ~3,100
// trigrams (2,048 characters, fewer than half of them non-ASCII, and lower case turns "İ" into two code
// units), so the table stays well under half full.
const SCRATCH_BITS = 13;
const SCRATCH_MASK = (1 << SCRATCH_BITS) - 1;
const scratchStamp = new Int32Array(1 << SCRATCH_BITS);
const scratchKeyA = new Int32Array(1 << SCRATCH_BITS);
const scratchKeyB = new Int32Array(1 << SCRATCH_BITS);
const scratchCount = new Int32Array(1 << SCRATCH_BITS);
const distinctSlots = new Int32Array(1 << SCRATCH_BITS);
const distances = new Int32Array(LANGUAGES.length);
let generation = 0;

// trigram-utils' clean() replaces runs of ASCII punctuation, digits and symbols with a space, then runs of
// white space with a space. Every run of both kinds together ends up as one space either way, so one
// replacement does the same.
const SEPARATORS_RE = /[\s\u0021-\u0040]+/g;

/** trigram-utils' clean(): separators collapsed to single spaces, trimmed, lower-cased. */
function cleanSample(value: string): string {
  return value.replace(SEPARATORS_RE, " ").trim().toLowerCase();
}

/**
 * Whether franc would take `value` for Latin script. franc counts the characters of each script and the
 * most frequent wins (the first listed on a tie; Chinese is listed before Latin). Every ASCII letter is
 * Latin, and no other script has an ASCII character, so more ASCII letters than non-ASCII code units is
 * enough. Texts that fail this cheap test are left to franc.
 */
function surelyLatin(value: string): boolean {
  let letters = 0;
  let nonAscii = 0;
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c >= 0x80) nonAscii += 1;
    else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) letters += 1;
  }
  return letters > nonAscii;
}

/** Counts the distinct trigrams of the padded sample in the scratch table; returns how many there are. */
function countTrigrams(sample: string): number {
  generation = generation === 0x7fffffff ? 1 : generation + 1;
  if (generation === 1) scratchStamp.fill(0);
  const stamp = generation;
  let distinct = 0;
  for (let i = 0; i + 2 < sample.length; i += 1) {
    const a = sample.charCodeAt(i);
    const b = (sample.charCodeAt(i + 1) << 16) | sample.charCodeAt(i + 2);
    let slot = slotHash(a, b) & SCRATCH_MASK;
    while (scratchStamp[slot] === stamp && (scratchKeyA[slot] !== a || scratchKeyB[slot] !== b)) {
      slot = (slot + 1) & SCRATCH_MASK;
    }
    if (scratchStamp[slot] === stamp) {
      scratchCount[slot] += 1;
    } else {
      scratchStamp[slot] = stamp;
      scratchKeyA[slot] = a;
      scratchKeyB[slot] = b;
      scratchCount[slot] = 1;
      distinctSlots[distinct] = slot;
      distinct += 1;
    }
  }
  return distinct;
}

/**
 * franc's distance to each model: for each distinct trigram, |count − rank − 1| where the model has it
 * and MAX_DIFFERENCE where it does not (franc compares the trigram's count, not its position, with the
 * model's rank).
 */
function latinDistances(sample: string): void {
  const distinct = countTrigrams(sample);
  // Local names for the tables keep their lookups out of the module scope in the hot loop.
  const start = rowStart;
  const language = rowLanguage;
  const rank = rowRank;
  const out = distances;
  out.fill(distinct * MAX_DIFFERENCE);
  for (let d = 0; d < distinct; d += 1) {
    const slot = distinctSlots[d]!;
    const found = tableSlot(scratchKeyA[slot]!, scratchKeyB[slot]!);
    if (tableKeyA[found] === -1) continue;
    const count = scratchCount[slot]! - 1;
    const row = tableRow[found]!;
    const end = start[row + 1]!;
    for (let p = start[row]!; p < end; p += 1) {
      const difference = count - rank[p]!;
      out[language[p]!] += (difference < 0 ? -difference : difference) - MAX_DIFFERENCE;
    }
  }
}

/**
 * Language indexes ordered by distance, ties in franc's language order: an insertion sort, stable like the
 * Array sort franc uses and cheaper than it for 44 entries.
 */
function orderByDistance(): Int32Array {
  const order = new Int32Array(LANGUAGES.length);
  for (let i = 0; i < order.length; i += 1) {
    const distance = distances[i]!;
    let j = i;
    while (j > 0 && distances[order[j - 1]!]! > distance) {
      order[j] = order[j - 1]!;
      j -= 1;
    }
    order[j] = i;
  }
  return order;
}

/**
 * The same list as `francAll(value, { minLength })`: every candidate language with a score, best first.
 * Computed here for text that is surely in Latin script, by franc-min itself otherwise.
 */
export function rankLanguages(value: string, minLength = MIN_LENGTH): LanguageScore[] {
  if (!value || value.length < minLength || !surelyLatin(value.slice(0, MAX_LENGTH))) {
    return francAll(value, { minLength });
  }
  const sample = value.slice(0, MAX_LENGTH);
  latinDistances(` ${cleanSample(sample)} `);
  const order = orderByDistance();
  // franc's normalisation, with the same operations in the same order so the floats come out equal.
  const min = distances[order[0]!]!;
  const max = sample.length * MAX_DIFFERENCE - min;
  const ranked: LanguageScore[] = [];
  for (const i of order) ranked.push([LANGUAGES[i]!, 1 - (distances[i]! - min) / max || 0]);
  return ranked;
}
