// The composer's length limit without a browser, in Romanian and English: the counter writes both numbers with the
// language's thousands separator, and the over-the-limit hint counts the characters with the noun's right form.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Composer } from "../../client/src/components/Composer";
import { I18nProvider } from "../../client/src/i18nContext";

afterEach(() => vi.unstubAllGlobals());

function composer(value: string, maxChars: number, lang: "ro" | "en"): string {
  const stored = (key: string) => (key === "echochamber.lang" ? lang : null);
  vi.stubGlobal("localStorage", { getItem: stored, setItem: () => {} });
  return renderToStaticMarkup(
    <I18nProvider>
      <Composer
        value={value}
        onChange={() => undefined}
        onSend={() => undefined}
        onStop={() => undefined}
        streaming={false}
        stopping={false}
        busy={false}
        maxChars={maxChars}
      />
    </I18nProvider>,
  );
}

const counter = (html: string) =>
  /class="counter[^"]*"[^>]*>(.*?)<\/span>/.exec(html)?.[1]?.replace(/<!-- -->/g, "");

describe("the composer's length limit", () => {
  it("counts with the language's thousands separator: 128.000 / 4.000, 128,000 / 4,000", () => {
    const long = "x".repeat(128_000);
    expect(counter(composer(long, 4000, "ro"))).toBe("128.000 / 4.000");
    expect(counter(composer(long, 4000, "en"))).toBe("128,000 / 4,000");
    expect(counter(composer("x".repeat(3500), 4000, "ro"))).toBe("3.500 / 4.000");
  });

  it("says the limit with a Romanian count: de 4.000 de caractere, but 15 caractere", () => {
    const over = composer("x".repeat(4001), 4000, "ro");
    expect(over).toContain("Mesajul depășește limita de 4.000 de caractere.");
    expect(composer("x".repeat(16), 15, "ro")).toContain("Mesajul depășește limita de 15 caractere.");
    expect(composer("x".repeat(4001), 4000, "en")).toContain(
      "The message is over the limit of 4,000 characters.",
    );
  });
});
