// Markdown written by someone else (a model's answer, a data set's guidelines) never carries a script in a link: a
// `javascript:` (or `vbscript:`, `data:`) address in a link, an image, an autolink or a reference is dropped by the URL
// filter, whatever its case or the spaces around it, while ordinary links stay, opening in a new tab.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SafeMarkdown } from "../../client/src/components/SafeMarkdown";

const html = (text: string) => renderToStaticMarkup(<SafeMarkdown text={text} />);

/** Every href and src of the markup. */
const addresses = (markup: string) => [...markup.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);

describe("SafeMarkdown's links", () => {
  it("drops javascript: addresses from links, images, autolinks and references", () => {
    const attacks = [
      "[apasă aici](javascript:alert(document.cookie))",
      "[apasă](JaVaScRiPt:alert(1))",
      "[apasă](<javascript:alert(1)>)",
      "[apasă](&#106;avascript:alert(1))",
      "![poză](javascript:alert(1))",
      "[apasă][r]\n\n[r]: javascript:alert(1)",
      "[vb](vbscript:msgbox(1))",
      "[date](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ];
    for (const text of attacks) {
      const markup = html(text);
      // The link's words are still shown; its address is not.
      expect(markup, text).toMatch(/apasă|poză|vb|date/);
      expect(markup.toLowerCase(), text).not.toMatch(/javascript:|vbscript:|data:text/);
      for (const address of addresses(markup)) expect(address, text).toBe("");
    }
  });

  it("keeps ordinary links, opening in a new tab without access to the page", () => {
    const markup = html(
      "[Codul](https://exemplu.ro/cod?a=1&b=2) și [relativ](/corpus) și mailto:ana@exemplu.ro",
    );
    expect(addresses(markup)).toEqual([
      "https://exemplu.ro/cod?a=1&amp;b=2",
      "/corpus",
      "mailto:ana@exemplu.ro",
    ]);
    expect(markup).toContain('target="_blank" rel="noopener noreferrer"');
  });
});
