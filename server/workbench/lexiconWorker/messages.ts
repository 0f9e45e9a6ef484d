// What the main thread and the lexicon worker say to each other: a page's texts going in, the dictionary's answers
// coming out (the main thread keeps the rows' indexes and repeats).
import type { LexiconPage } from "./outcomes";

export interface LexiconWorkerData {
  nice: number;
}

export interface LexiconRequest {
  id: number;
  texts: string[];
}

export type LexiconReply = { id: number; page: LexiconPage } | { id: number; error: string };
