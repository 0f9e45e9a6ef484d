import { describe, expect, it } from "vitest";
import { decimal, locale } from "../../server/cli/lang";
import { NUMBER_LOCALES } from "../../contract/numbers";

describe("the CLI's numbers", () => {
  it("are written as the pages write them: thousands grouped, the language's decimal mark", () => {
    expect(decimal(1234.56, 1, "ro")).toBe("1.234,6");
    expect(decimal(1234.56, 1, "en")).toBe("1,234.6");
    expect(decimal(0.5, 2, "ro")).toBe("0,50");
    expect(decimal(-2, 1, "en")).toBe("-2.0");
  });

  it("without a count of decimals keep up to three", () => {
    expect(decimal(0.7, undefined, "ro")).toBe("0,7");
    expect(decimal(12.34567, undefined, "en")).toBe("12.346");
    expect(decimal(3, undefined, "ro")).toBe("3");
  });

  it("use the locale table the pages use", () => {
    expect(locale("ro")).toBe(NUMBER_LOCALES.ro);
    expect(locale("en")).toBe(NUMBER_LOCALES.en);
  });
});
