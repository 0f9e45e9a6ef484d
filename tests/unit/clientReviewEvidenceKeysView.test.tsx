// The review card's evidence block as rendered, without a browser: "Marchează cu tastatura" / "Mark with the keyboard"
// (with its V key) beside the mouse's button, a polite live region ready for what the word cursor says, labelled
// remove buttons, and the cursor's words shown in the text (inside a highlight too) without changing the text.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EvidenceText, ReviewEvidence } from "../../client/src/components/workbench/ReviewEvidence";
import { I18nProvider } from "../../client/src/i18nContext";
import type { EvidenceSpan } from "../../contract/workbench";

const TEXT = "Hoții de la guvern ne fură pensiile!";

afterEach(() => {
  vi.unstubAllGlobals();
});

function render(node: React.ReactElement, lang: "ro" | "en" = "ro"): string {
  vi.stubGlobal("localStorage", { getItem: () => lang, setItem: () => {} });
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

const card = (text: string, evidence: EvidenceSpan[] = []) => (
  <ReviewEvidence text={text} evidence={evidence} onEvidence={() => {}} />
);

describe("marking evidence with the keyboard on the review card", () => {
  it("offers the keyboard's button with its key, in both languages, and a polite live region", () => {
    const ro = render(card(TEXT));
    expect(ro).toMatch(
      /<button[^>]*data-testid="review-evidence-keys"[^>]*aria-keyshortcuts="V"[^>]*>Marchează cu tastatura \(V\)<\/button>/,
    );
    expect(ro).not.toMatch(/data-testid="review-evidence-keys"[^>]*disabled/);
    expect(ro).toMatch(
      /<p class="sr-only" aria-live="polite" aria-atomic="true" data-testid="review-evidence-keys-live">/,
    );
    // Off until entered: the text is no application region and takes no card keys away.
    expect(ro).toMatch(/<div class="wb-evidence-text" data-testid="review-evidence-text">/);
    expect(ro).not.toContain("data-evidence-keys");
    expect(render(card(TEXT), "en")).toContain(">Mark with the keyboard (V)</button>");
  });

  it("disables it for a text without words", () => {
    expect(render(card(" … 😡 "))).toMatch(/data-testid="review-evidence-keys"[^>]*disabled=""/);
  });

  it("names each remove button by the span it removes", () => {
    const html = render(card(TEXT, [{ start: 12, end: 18, field: "anti_elitism" }]));
    expect(html).toMatch(
      /<button type="button" class="link-button" data-testid="review-evidence-remove" aria-label="Șterge dovada „guvern” \(Anti-elitism\)">/,
    );
  });

  it("shows the cursor's words in the text, inside a highlight too, and keeps the text whole", () => {
    const html = render(
      <EvidenceText text={TEXT} spans={[{ start: 12, end: 18 }]} testId="m" cursor={{ start: 9, end: 18 }} />,
    );
    expect(html).toBe(
      '<p class="wb-full-text">Hoții de ' +
        '<span class="wb-evidence-cursor" data-testid="review-evidence-cursor">la </span>' +
        '<mark class="wb-evidence-mark" data-testid="m" title="toată eticheta">' +
        '<span class="wb-evidence-cursor" data-testid="review-evidence-cursor">guvern</span></mark>' +
        " ne fură pensiile!</p>",
    );
    expect(html.replace(/<[^>]+>/g, "")).toBe(TEXT);
  });
});
