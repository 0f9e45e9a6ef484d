// The corpus index the server serves when the one on disk exists but cannot be read (a damaged file, a bug): the app
// starts anyway, so that a person in a browser can rebuild it from the corpus page. It holds no document; every
// search fails with `corpus:search_unavailable`, which the chat says in the user's language.
import type { Passage } from "../../contract/corpus";
import { AppError } from "../../contract/errors";
import type { CorpusFacets, Retriever } from "../../corpus/retrieval/types";

export class UnreadableIndex implements Retriever {
  readonly size = 0;
  /** No manifest: the index watch opens any index it finds, and the page shows no build time. */
  readonly manifest = undefined;

  constructor(
    readonly embedder: string,
    /** Why the index did not open (`corpus:index_unreadable`, its detail). */
    readonly problem: AppError,
  ) {}

  /**
   * Says only that the corpus cannot be searched: every chat user reads this, guests too, and the problem's detail (a
   * path, a parser's message) is for the logs and the corpus page, which administrators open.
   */
  search(): Promise<Passage[]> {
    return Promise.reject(new AppError("corpus:search_unavailable"));
  }

  hasDocument(): boolean {
    return false;
  }

  facets(): CorpusFacets {
    return { platforms: [], sources: [], dateMin: null, dateMax: null };
  }
}

/** Whether an error is the one an unreadable index gives (the server then serves an UnreadableIndex). */
export function isUnreadableIndex(err: unknown): err is AppError {
  return err instanceof AppError && err.code === "corpus:index_unreadable";
}

/** Why the index served cannot be searched, or null when it can. */
export function indexProblem(retriever: Retriever): AppError | null {
  return retriever instanceof UnreadableIndex ? retriever.problem : null;
}
