// The Corpus page's Explore hands its search to the "Adnotare" page's corpus form through the address: the words and
// the filters a data set can take (not the collection, nor the sort and page), the workbench's open data set left
// behind so that the form shows, and an address that holds no valid selection hands nothing.
import { describe, expect, it } from "vitest";
import { exploreFromSearch } from "../../client/src/state/corpusExplore";
import {
  corpusDraftFromSearch,
  draftFromExplore,
  urlWithCorpusDraft,
  urlWithoutCorpusDraft,
} from "../../client/src/state/exploreToDataset";

const explore = (search: string) => exploreFromSearch(search);

describe("a search handed from Explore to a corpus data set", () => {
  it("takes the words and the filters, not the collection, the sort or the page", () => {
    const query = explore(
      "?corpus-q=%22pensii+speciale%22&corpus-platform=stiri&corpus-source=Ziarul+X&corpus-collection=presa" +
        "&corpus-from=2024-01-01&corpus-sort=newest&corpus-offset=20",
    );
    expect(draftFromExplore(query)).toEqual({
      q: '"pensii speciale"',
      filters: { platform: ["stiri"], source: ["Ziarul X"], dateFrom: "2024-01-01" },
    });
    expect(draftFromExplore(explore("?corpus-q=pensii"))).toEqual({ q: "pensii" });
    // Without words there is nothing to hand over (the form's filters alone do that).
    expect(draftFromExplore(explore("?corpus-platform=stiri"))).toBeNull();
    expect(draftFromExplore(explore("?corpus-q=%E2%80%9E+!"))).toBeNull();
  });

  it("opens the annotation page on its list with the draft, which the page reads once and removes", () => {
    const draft = { q: "pensii", filters: { platform: ["stiri"] } };
    const next = urlWithCorpusDraft(
      "http://localhost/?page=corpus&dataset=ds-1&run=r-1&view=label&corpus-q=pensii&thread=t-1",
      draft,
    );
    const params = new URLSearchParams(next.slice(next.indexOf("?")));
    expect(params.get("page")).toBe("annotate");
    expect(params.get("dataset")).toBeNull();
    expect(params.get("run")).toBeNull();
    expect(params.get("view")).toBeNull();
    expect(params.get("thread")).toBe("t-1");
    expect(corpusDraftFromSearch(next.slice(next.indexOf("?")))).toEqual(draft);
    const read = urlWithoutCorpusDraft(`http://localhost${next}`);
    expect(read).not.toContain("corpusDraft");
    expect(read).toContain("page=annotate");
  });

  it("hands nothing for an address without a valid selection", () => {
    expect(corpusDraftFromSearch("?page=annotate")).toBeNull();
    expect(corpusDraftFromSearch("?corpusDraft=%7Bnu")).toBeNull();
    expect(corpusDraftFromSearch(`?corpusDraft=${encodeURIComponent('{"q":"x","extra":1}')}`)).toBeNull();
  });
});
