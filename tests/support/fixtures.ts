// Small shared fixtures for tests: a config without an environment, passages and a retriever over them.
import type { Passage } from "../../contract/corpus";
import type { Retriever, SearchOptions } from "../../corpus/retrieval/types";
import type { Annotation } from "../../contract/annotation";
import { parseConfig, type Config } from "../../server/config";

export function testConfig(env: Record<string, string> = {}): Config {
  return parseConfig({ LOG_LEVEL: "silent", ...env });
}

/** A populist comment's annotation: anti-elitist and people-centred. */
export const POPULIST_ANNOTATION: Annotation = {
  ton: "negativ",
  populism: true,
  anti_elitism: true,
  popor_central: true,
  tema: "pensii",
  tinta: "guvernul",
  incredere: 0.8,
  justificare: "Opune poporul elitei.",
  dovezi: ["hoții", "poporul"],
};

export const PASSAGES: Passage[] = [
  {
    id: "p1#0",
    docId: "p1",
    text: "Pensiile speciale ale magistraților au crescut din nou. Mulți comentatori cer plafonarea lor.",
    score: 0.9,
    meta: {
      source: "Gazeta de Test",
      platform: "stiri",
      date: "2025-03-14",
      url: "https://gazeta.example.ro/1",
    },
  },
  {
    id: "p2#0",
    docId: "p2",
    text: "Hoții de la putere ne fură pensiile, iar poporul plătește tot!",
    score: 0.7,
    meta: { source: "Pagina Test (comentarii)", platform: "facebook", date: "2025-04-02", url: "" },
  },
  {
    id: "p3#0",
    docId: "p3",
    text: "Ministerul a anunțat indexarea pensiilor cu 5% de la 1 ianuarie.",
    score: 0.5,
    meta: { source: "Comunicat test", platform: "oficial", date: "2025-01-01", url: "" },
  },
];

/** A retriever that returns the first k fixture passages (filters by platform honoured). */
export function fixedRetriever(passages: Passage[] = PASSAGES): Retriever {
  return {
    embedder: "offline:hash",
    size: passages.length,
    async search(query: string, { k, filters }: SearchOptions) {
      if (!query.trim()) return [];
      return passages
        .filter((p) => !filters?.platform || filters.platform.includes(p.meta.platform))
        .slice(0, k);
    },
    facets() {
      return { platforms: [], sources: [], dateMin: null, dateMax: null };
    },
  };
}
