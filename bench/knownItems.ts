// The known-item tasks of bench:recall: each query is a perturbed copy of one document (diacritics dropped, words
// removed, a little shuffling, typos, or a short fragment), and that document must come back. On the shipped
// corpus, and on real Romanian text nobody here wrote (SART tweets, FB-RO-Offense comments from ../shared/data,
// imported and cleaned into a temporary corpus; nothing is copied into the repository).
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, rename } from "node:fs/promises";
import path from "node:path";
import type { CorpusRecord } from "../contract/corpus";
import { foldDiacritics } from "../contract/text";
import { cleanCorpus } from "../corpus/pipeline/clean";
import { importFiles } from "../corpus/pipeline/import";
import type { LabelledQuery } from "./newsTask";
import { seededRandom } from "./synthetic";

export const KINDS = ["fragment", "drop", "shuffle", "typos", "short"] as const;
export type QueryKind = (typeof KINDS)[number];

export interface KnownItem extends LabelledQuery {
  kind: QueryKind;
}

/** Drops diacritics without lower-casing, the way many comments are typed. */
function stripDiacritics(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

function misspell(random: () => number, word: string): string {
  const i = 1 + Math.floor(random() * (word.length - 2));
  const roll = random();
  if (roll < 0.34) return word.slice(0, i) + word.slice(i + 1);
  if (roll < 0.67) return word.slice(0, i) + word[i] + word.slice(i);
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

/** A query that a user who half remembers the document might type. */
function perturb(random: () => number, text: string, kind: QueryKind): string {
  let words = text.split(/\s+/).filter(Boolean);
  if (kind === "typos") {
    // Misspell about 40% of the longer words (a letter dropped, doubled or swapped with its neighbour) and leave
    // out a fifth of the words: how people type on a phone.
    words = words
      .filter(() => random() >= 0.2)
      .map((word) => (word.length >= 4 && random() < 0.4 ? misspell(random, word) : word));
    if (words.length < 3) words = text.split(/\s+/).slice(0, 3);
  } else if (kind === "fragment" || kind === "short") {
    // "short": 4-5 words, one of them misspelled, no diacritics: the hardest case.
    const length = Math.min(
      words.length,
      kind === "short" ? 4 + Math.floor(random() * 2) : 6 + Math.floor(random() * 5),
    );
    const start = Math.floor(random() * (words.length - length + 1));
    words = words.slice(start, start + length);
    if (kind === "short") {
      const i = Math.floor(random() * words.length);
      if (words[i].length >= 4) words[i] = misspell(random, words[i]);
      return stripDiacritics(words.join(" "));
    }
  } else {
    // Remove 30-50% of the words ("drop"), or ~30% and swap a few neighbours ("shuffle").
    const share = kind === "drop" ? 0.3 + random() * 0.2 : 0.3;
    const kept = words.filter(() => random() >= share);
    words = kept.length >= 3 ? kept : words.slice(0, 3);
    if (kind === "shuffle") {
      const swaps = Math.max(1, Math.floor(words.length / 5));
      for (let s = 0; s < swaps && words.length > 1; s++) {
        const i = Math.floor(random() * (words.length - 1));
        [words[i], words[i + 1]] = [words[i + 1], words[i]];
      }
    }
  }
  const query = words.join(" ");
  return random() < 0.5 ? stripDiacritics(query) : query;
}

export function knownItems(records: CorpusRecord[], count: number, seed: number): KnownItem[] {
  const random = seededRandom(seed);
  // Documents of at least 8 words; the fold makes texts equal up to case and diacritics count once.
  const seen = new Set<string>();
  const eligible = records.filter((r) => {
    const key = foldDiacritics(r.text);
    if (seen.has(key)) return false;
    seen.add(key);
    return r.text.split(/\s+/).filter(Boolean).length >= 8;
  });
  for (let i = eligible.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [eligible[i], eligible[j]] = [eligible[j], eligible[i]];
  }
  return eligible.slice(0, count).map((record, i) => {
    const kind = KINDS[i % KINDS.length];
    return { docId: record.id, query: perturb(random, record.text, kind), kind };
  });
}

/** A corpus folder of the known-item tasks, with a line on where it comes from. */
export interface KnownItemCorpus {
  name: string;
  dir: string;
  note: string;
}

/** The shipped corpus (copied into root) and, when ../shared/data has them, SART and FB-RO-Offense. */
export async function prepareKnownItemCorpora(root: string, sharedData: string): Promise<KnownItemCorpus[]> {
  const shipped = path.join(root, "shipped");
  await mkdir(path.join(shipped, "cleaned"), { recursive: true });
  for (const name of await readdir(path.join("corpus", "cleaned"))) {
    if (name.endsWith(".jsonl"))
      await copyFile(path.join("corpus", "cleaned", name), path.join(shipped, "cleaned", name));
  }
  const corpora = [
    { name: "shipped", dir: shipped, note: "corpus/cleaned (fictional, written for the project)" },
  ];
  const sart = path.join(sharedData, "sart");
  const fb = path.join(sharedData, "fb-ro-offense");
  if (!existsSync(path.join(sart, "train.csv")) || !existsSync(path.join(fb, "train.csv"))) return corpora;

  const real = path.join(root, "real");
  // Each data set is imported into its own folder first: both have a train.csv, and an import names its output
  // after the input file.
  const imports: [string, string[], string, string][] = [
    ["sart", [path.join(sart, "train.csv"), path.join(sart, "val.csv")], "twitter", "SART"],
    ["fb-ro-offense", [path.join(fb, "train.csv")], "facebook", "FB-RO-Offense"],
  ];
  await mkdir(path.join(real, "raw"), { recursive: true });
  for (const [name, files, platform, source] of imports) {
    const staging = path.join(root, `import-${name}`);
    const result = await importFiles(files, { corpusDir: staging, textCol: "text", platform, source });
    if (result.failures.length) throw result.failures[0].error;
    for (const imported of result.results) {
      await rename(imported.output, path.join(real, "raw", `${name}-${imported.name}.jsonl`));
    }
  }
  const report = await cleanCorpus({ corpusDir: real });
  corpora.push({
    name: "real",
    dir: real,
    note: `SART train+val and FB-RO-Offense train from ${sharedData}, imported and cleaned (${report.totals.read} read, ${report.totals.kept} kept)`,
  });
  return corpora;
}
