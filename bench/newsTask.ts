// The comment → article task of bench:recall, on the development half of News-RO-Offense
// (../shared/data/news-ro-offense-dev, read in place): news articles from a Cluj site and the readers' comments
// posted under them. A top-level comment of at least twelve words is a query whose document is its article; the
// other comments (replies, shorter ones) go into the corpus as distractors, next to the 80 articles. The corpus
// is made as a new user would make it: `import` (articles.csv with its columns named; the distractors as JSON
// Lines), `clean` with defaults, then `index`. Also a plain document-level BM25 to compare with.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { cleanCorpus } from "../corpus/pipeline/clean";
import { importFiles } from "../corpus/pipeline/import";
import type { CorpusRecord } from "../contract/corpus";

export interface LabelledQuery {
  query: string;
  docId: string;
}

export interface NewsTask {
  corpusDir: string;
  queries: LabelledQuery[];
  articles: number;
  distractorsImported: number;
  note: string;
}

interface CommentRow {
  comment_id: string;
  reply_to_comment_id: string;
  content_id: string;
  comment_text: string;
}

/** Words as the issue counts them: runs of non-space characters. */
function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * Where the shared data sets are: SHARED_DATA, else the first shared/data found one or two folders up from the
 * working directory (the main checkout sits next to shared/, a worktree one level deeper).
 */
export function sharedDataRoot(): string {
  if (process.env.SHARED_DATA) return path.resolve(process.env.SHARED_DATA);
  const candidates = [path.join("..", "shared", "data"), path.join("..", "..", "shared", "data")];
  return path.resolve(candidates.find((dir) => existsSync(dir)) ?? candidates[0]);
}

/** The development half of News-RO-Offense when present. */
export function newsDataDir(): string | null {
  const dir = path.join(sharedDataRoot(), "news-ro-offense-dev");
  return existsSync(path.join(dir, "articles.csv")) && existsSync(path.join(dir, "comments.csv"))
    ? dir
    : null;
}

/** Imports, cleans and returns the task in `corpusDir` (a temporary folder; nothing is copied elsewhere). */
export async function prepareNewsTask(dataDir: string, corpusDir: string): Promise<NewsTask> {
  const comments = parse(await readFile(path.join(dataDir, "comments.csv")), {
    columns: true,
    skip_empty_lines: true,
    bom: true,
  }) as CommentRow[];
  const queries: LabelledQuery[] = [];
  const distractors: string[] = [];
  for (const row of comments) {
    const text = row.comment_text.trim();
    if (!row.reply_to_comment_id && wordCount(text) >= 12)
      queries.push({ query: text, docId: row.content_id });
    else distractors.push(JSON.stringify({ id: `c-${row.comment_id}`, text }));
  }
  // The import reads files: the distractors go to a JSON Lines file in the temporary folder, next to the corpus.
  const distractorFile = path.join(path.dirname(corpusDir), "comentarii.jsonl");
  await writeFile(distractorFile, `${distractors.join("\n")}\n`);
  const articlesFile = path.join(dataDir, "articles.csv");
  const imported = [
    await importFiles([articlesFile], {
      corpusDir,
      textCol: "Content",
      titleCol: "Title",
      idCol: "content_id",
      dateCol: "article_date",
      platform: "stiri",
    }),
    await importFiles([distractorFile], { corpusDir, platform: "forum" }),
  ];
  for (const result of imported) if (result.failures.length) throw result.failures[0].error;
  const report = await cleanCorpus({ corpusDir });
  const [articles, distractorsImported] = imported.map((result) => result.results[0].records);
  return {
    corpusDir,
    queries,
    articles,
    distractorsImported,
    note:
      `${articles} articles + ${distractorsImported} distractor comments imported, ${report.totals.kept} kept ` +
      `by clean; ${queries.length} queries (top-level comments of 12+ words) from ${dataDir}`,
  };
}

/** Folded, lower-cased letters and digits, cut to six characters: the baseline's stems. */
function plainTerms(text: string): string[] {
  const folded = text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
  return (folded.match(/[\p{L}\p{N}]+/gu) ?? []).map((word) => word.slice(0, 6));
}

/**
 * The baseline the issue measured: document-level BM25 (k1 1.2, b 0.75, Lucene's IDF) over whole records (title
 * and text), folded diacritics, 6-character stems, no stopwords, nothing else. Written here, apart from the
 * retriever, so that it stays the same whatever the retriever becomes.
 */
export class PlainBm25 {
  private readonly postings = new Map<string, { docs: number[]; tfs: number[] }>();
  private readonly lengths: number[] = [];
  private readonly ids: string[] = [];

  constructor(
    records: readonly CorpusRecord[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    records.forEach((record, doc) => {
      const terms = plainTerms(`${record.title ?? ""} ${record.text}`);
      const tf = new Map<string, number>();
      for (const term of terms) tf.set(term, (tf.get(term) ?? 0) + 1);
      for (const [term, count] of tf) {
        const posting = this.postings.get(term) ?? { docs: [], tfs: [] };
        posting.docs.push(doc);
        posting.tfs.push(count);
        this.postings.set(term, posting);
      }
      this.lengths.push(terms.length);
      this.ids.push(record.id);
    });
  }

  /** The ids of the best n documents, best first. */
  search(query: string, n: number): string[] {
    const size = this.lengths.length;
    const average = this.lengths.reduce((sum, length) => sum + length, 0) / size;
    const scores = new Float64Array(size);
    for (const term of new Set(plainTerms(query))) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const df = posting.docs.length;
      const idf = Math.log(1 + (size - df + 0.5) / (df + 0.5));
      posting.docs.forEach((doc, i) => {
        const tf = posting.tfs[i];
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths[doc]) / average);
        scores[doc] += (idf * tf * (this.k1 + 1)) / (tf + norm);
      });
    }
    return [...scores.keys()]
      .filter((doc) => scores[doc] > 0)
      .sort((a, b) => scores[b] - scores[a] || a - b)
      .slice(0, n)
      .map((doc) => this.ids[doc]);
  }
}
