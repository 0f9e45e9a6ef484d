// The blind preference mode of the "Compară modele" page as pure functions: the pairs a person is shown (two models'
// answers to the same case, same temperature and run, hence the same context), in an order and on sides that do not
// give the models away, without the pairs the person has judged already; and the keys that pick.
import type { CaseAnswer, CaseView } from "../../../contract/compare";
import { pairKey, type PreferenceChoice } from "../../../contract/preferences";

export interface BlindAnswer {
  model: string;
  text: string;
}

export interface BlindPair {
  key: string;
  caseId: string;
  title: string;
  input: string;
  system?: string;
  sources?: string[];
  temperature: number;
  run: number;
  /** Shown as A. */
  left: BlindAnswer;
  /** Shown as B. */
  right: BlindAnswer;
}

/** FNV-1a: a stable hash, so that a pair keeps its sides and place across reloads of the same run. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const usable = (a: CaseAnswer) => (a.status === "ok" || a.status === "fail") && a.text.trim().length > 0;

/**
 * Every pair of two models that both answered a prompt case at the same temperature and run, minus those in `judged`
 * (pair keys, either side), each with its sides and its place decided by a hash of the seed (the run id) and the pair.
 */
export function blindPairs(
  cases: readonly CaseView[],
  judged: ReadonlySet<string>,
  seed: string,
): BlindPair[] {
  const pairs: (BlindPair & { order: number })[] = [];
  for (const c of cases) {
    if (c.kind !== "prompt") continue;
    const groups = new Map<string, CaseAnswer[]>();
    for (const a of c.answers.filter(usable)) {
      const k = `${a.temperature}\u0000${a.run}`;
      groups.set(k, [...(groups.get(k) ?? []), a]);
    }
    for (const answers of groups.values()) {
      for (let i = 0; i < answers.length; i++) {
        for (let j = i + 1; j < answers.length; j++) {
          const x = answers[i]!;
          const y = answers[j]!;
          if (x.model === y.model) continue;
          const key = pairKey({
            caseId: c.id,
            temperature: x.temperature,
            run: x.run,
            a: x.model,
            b: y.model,
          });
          if (judged.has(key)) continue;
          const h = hash(`${seed}\u0000${key}`);
          const [left, right] = h % 2 === 0 ? [x, y] : [y, x];
          pairs.push({
            key,
            caseId: c.id,
            title: c.title,
            input: c.input,
            ...(c.system ? { system: c.system } : {}),
            ...(c.sources ? { sources: c.sources } : {}),
            temperature: x.temperature,
            run: x.run,
            left: { model: left.model, text: left.text },
            right: { model: right.model, text: right.text },
            order: hash(`${key}\u0000${seed}`),
          });
        }
      }
    }
  }
  return pairs.sort((p, q) => p.order - q.order).map(({ order: _order, ...pair }) => pair);
}

/** The keys of a person's verdicts, as GET /preferences lists them. */
export function judgedKeys(
  mine: readonly { caseId: string; temperature: number; run: number; a: string; b: string }[],
) {
  return new Set(mine.map(pairKey));
}

/** A: "a", ←, 1; B: "b", →, 2; tie: "e" (egal), "t", ↓, 0, "=". Null for any other key (or with a modifier). */
export function choiceForKey(e: {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}): PreferenceChoice | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key.toLowerCase()) {
    case "a":
    case "arrowleft":
    case "1":
      return "a";
    case "b":
    case "arrowright":
    case "2":
      return "b";
    case "e":
    case "t":
    case "arrowdown":
    case "0":
    case "=":
      return "tie";
    default:
      return null;
  }
}
