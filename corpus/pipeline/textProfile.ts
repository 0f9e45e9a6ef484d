// One pass over a cleaned text that yields everything the duplicate and language checks need: hashes of its
// folded word tokens, a key for exact duplicates, and letter counts by script. Doing it in one
// character loop (instead of NFD, regexes and a crypto hash per record) is what lets clean run at tens of
// thousands of records a second.

export interface TextProfile {
  /**
   * A 32-bit hash (signed) of each word token, in order. Tokens are lower-cased and folded ("Țară" →
   * "tara"); hyphens and apostrophes split words. `hashWord("tara")` gives the same hash, so word lists can
   * be matched without building token strings.
   */
  tokenHashes: number[];
  /** Key for exact duplicates: a 53-bit hash of the token sequence. Case, diacritics, punctuation and
   * spacing do not change it. */
  exactKey: number;
  /** Letters in Latin script, and in other scripts (Cyrillic, Greek, Arabic, CJK...). */
  latinLetters: number;
  otherLetters: number;
  /** Romanian-specific letters: ă/Ă, and ș ț (comma-below or cedilla). */
  breveA: number;
  commaST: number;
  /** Letters with Vietnamese tone marks (U+1EA0-U+1EF9): Vietnamese also writes ă. */
  vietnamese: number;
}

// Folded code of each character below U+0250: 0 for separators, else the lower-case base letter or digit.
const FOLD = new Uint16Array(0x250);
for (let c = 0; c < 0x250; c += 1) {
  const ch = String.fromCharCode(c);
  if (!/[\p{L}\p{N}]/u.test(ch)) continue;
  const folded = ch
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
  FOLD[c] = folded.length === 1 ? folded.charCodeAt(0) : c;
}
const foldCache = new Map<number, string>();

/** Folds a character above U+024F: "" when it is not a letter or digit. */
function foldWide(code: number): string {
  let folded = foldCache.get(code);
  if (folded === undefined) {
    const ch = String.fromCharCode(code);
    folded = /[\p{L}\p{N}]/u.test(ch)
      ? ch
          .normalize("NFD")
          .replace(/[\u0300-\u036f]/g, "")
          .toLowerCase()
      : "";
    foldCache.set(code, folded);
  }
  return folded;
}

// MurmurHash3's finaliser, kept in signed 32-bit form (V8 keeps int32 values unboxed; unsigned values
// above 2^31 would become heap numbers in the hot loops).
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const isLatinLetter = (c: number) =>
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) ||
  (c >= 0x1e00 && c <= 0x1eff);

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const KEY_B_SEED = 0x9747b28c | 0;
const KEY_B_PRIME = 0x5bd1e995;

/** The token hash of a word that is already folded (lower case, no diacritics): "si", "pentru". */
export function hashWord(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i += 1) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return fmix32(h);
}

/**
 * Profiles a text in a single pass over its characters. The loop is written out without helper closures on
 * purpose: variables captured and reassigned by a closure live on the heap, and hash values above 2^30 would
 * then be boxed on every character.
 */
export function profileText(text: string): TextProfile {
  const hashes: number[] = [];
  let inToken = false;
  let tokenHash = FNV_OFFSET;
  // Two independent running hashes over the whole folded token stream form the exact key.
  let keyA = FNV_OFFSET;
  let keyB = KEY_B_SEED;
  let latin = 0;
  let other = 0;
  let breveA = 0;
  let commaST = 0;
  let vietnamese = 0;
  let wide = "";

  for (let i = 0; i <= text.length; i += 1) {
    // One step past the end closes the last token.
    const c = i < text.length ? text.charCodeAt(i) : 0;
    let f = 0;
    if (c < 0x250) {
      f = FOLD[c]!;
      if (f !== 0) {
        if (c === 0x103 || c === 0x102) breveA += 1;
        else if ((c >= 0x218 && c <= 0x21b) || c === 0x15e || c === 0x15f || c === 0x162 || c === 0x163)
          commaST += 1;
        if (c >= 0x41) latin += 1;
      }
    } else if (c >= 0x300 && c <= 0x36f) {
      // Combining marks belong to the letter before them and fold away.
      continue;
    } else {
      wide = foldWide(c);
      if (wide !== "") {
        if (c >= 0x1ea0 && c <= 0x1ef9) vietnamese += 1;
        if (isLatinLetter(c)) latin += 1;
        else if (/\p{L}/u.test(text[i]!)) other += 1;
        // A wide character may fold to several; all but the last are added here.
        for (let j = 0; j < wide.length - 1; j += 1) {
          const w = wide.charCodeAt(j);
          inToken = true;
          tokenHash = Math.imul(tokenHash ^ w, FNV_PRIME);
          keyA = Math.imul(keyA ^ w, FNV_PRIME);
          keyB = Math.imul(keyB ^ w, KEY_B_PRIME) ^ (keyB >>> 15);
        }
        f = wide.charCodeAt(wide.length - 1);
      }
    }
    if (f !== 0) {
      inToken = true;
      tokenHash = Math.imul(tokenHash ^ f, FNV_PRIME);
      keyA = Math.imul(keyA ^ f, FNV_PRIME);
      keyB = Math.imul(keyB ^ f, KEY_B_PRIME) ^ (keyB >>> 15);
    } else if (inToken) {
      hashes.push(fmix32(tokenHash));
      inToken = false;
      tokenHash = FNV_OFFSET;
      keyA = Math.imul(keyA ^ 0x20, FNV_PRIME);
      keyB = Math.imul(keyB ^ 0x20, KEY_B_PRIME) ^ (keyB >>> 15);
    }
  }
  return {
    tokenHashes: hashes,
    // 53 bits (what a double holds exactly): a chance collision needs ~10^8 records to become likely.
    exactKey: (fmix32(keyB ^ hashes.length) & 0x1fffff) * 0x100000000 + (fmix32(keyA) >>> 0),
    latinLetters: latin,
    otherLetters: other,
    breveA,
    commaST,
    vietnamese,
  };
}
