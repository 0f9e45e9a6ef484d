// Matching of `offline:lexicon`: every entry whose first pattern fits a token is tried from there; per category, the
// longest match at the leftmost position wins and matches of one category never overlap.
import { MAX_GAP, SLOT_COUNT, upperIndex, type Entry, type TokenPattern } from "./patterns";
import { matchesPattern, startsWithCapital, type Token } from "./tokens";

export interface Hit {
  entry: Entry;
  /** Token indices, end exclusive. */
  start: number;
  end: number;
}

function matchRest(
  patterns: TokenPattern[],
  index: number,
  at: number,
  tokens: Token[],
  list: number,
): number {
  if (index === patterns.length) return at;
  const pattern = patterns[index];
  if (!pattern) return -1;
  if (pattern.kind === "gap") {
    for (let skip = 0; skip <= MAX_GAP && at + skip <= tokens.length; skip++) {
      const end = matchRest(patterns, index + 1, at + skip, tokens, list);
      if (end >= 0) return end;
    }
    return -1;
  }
  const token = tokens[at];
  if (!token || token.info.excluded?.has(list) || token.veto?.has(list)) return -1;
  if (!matchesPattern(pattern, token.info.form, token.info.stem, token.surface)) return -1;
  return matchRest(patterns, index + 1, at + 1, tokens, list);
}

/** Hits by slot (see SLOTS), each list in text order; a slot without hits may be missing (read it with `?? []`). */
export function findHits(tokens: Token[]): Hit[][] {
  const hits: Hit[][] = new Array<Hit[]>(SLOT_COUNT);
  const lastEnd = new Int32Array(SLOT_COUNT);
  const best: (Hit | null)[] = new Array<Hit | null>(SLOT_COUNT).fill(null);
  // The slots that found a hit at this token: only those are flushed (most tokens touch one or two of them).
  const touched: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    const upper = startsWithCapital(token.surface) ? upperIndex.get(token.surface) : undefined;
    const candidates = upper ? [...token.info.candidates, ...upper] : token.info.candidates;
    if (candidates.length === 0) continue;
    for (const entry of candidates) {
      const slot = entry.slot;
      if (i < (lastEnd[slot] ?? 0) || token.veto?.has(entry.list)) continue;
      const end =
        entry.patterns.length === 1 ? i + 1 : matchRest(entry.patterns, 1, i + 1, tokens, entry.list);
      if (end < 0) continue;
      const current = best[slot];
      if (!current) touched.push(slot);
      if (!current || end > current.end || (end === current.end && entry.weight > current.entry.weight)) {
        best[slot] = { entry, start: i, end };
      }
    }
    for (const slot of touched) {
      const hit = best[slot]!;
      (hits[slot] ??= []).push(hit);
      lastEnd[slot] = hit.end;
      best[slot] = null;
    }
    touched.length = 0;
  }
  return hits;
}
