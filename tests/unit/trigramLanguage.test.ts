// rankLanguages must give exactly francAll's answer (languages, order and scores), only faster.
import { francAll } from "franc-min";
import { expressions } from "franc-min/expressions.js";
import { describe, expect, it } from "vitest";
import { rankLanguages } from "../../corpus/pipeline/trigramLanguage";

const SAMPLES = [
  "Consiliul local s-a întrunit aseară într-o ședință extraordinară pentru a discuta bugetul pe anul viitor.",
  "Primaria a promis piste de biciclete de trei ani si tot nu vedem nimic concret in cartierul nostru",
  "Guvernul a anunţat că pensiile vor creşte de la anul, dar nimeni nu mai crede nimic 😡😡",
  "The mayor promised new bike lanes three years ago and we still have not seen anything happen in our area.",
  "Il governo ha annunciato che le pensioni aumenteranno da gennaio, ma non basta.",
  "Le gouvernement a annoncé que les retraites augmenteront en janvier.",
  "A kormány bejelentette, hogy januártól emelkednek a nyugdíjak.",
  "Chính phủ đã thông báo rằng lương hưu sẽ tăng từ tháng Giêng.",
  "Правительство объявило, что пенсии вырастут с января.",
  "政府宣布从一月份开始提高养老金 and some English words too",
  "ΟΔΟΣ ΣΟΦΙΑΣ and İSTANBUL İLÇE: letters whose lower case depends on context or grows",
  "1234 5678, 9012!!! ??? ... --- +++",
  "😀😀😀 👍👍 🔥🔥🔥🔥 ok",
  "   \t\n  ",
  "scurt",
  "",
];

/** Seeded random strings over an alphabet (arrays of code points: "😀" counts as one). */
function randomTexts(count: number, alphabet: string[]): string[] {
  let seed = 2024;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  return Array.from({ length: count }, () => {
    const length = Math.floor(random() * 400);
    let text = "";
    for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(random() * alphabet.length)];
    return text;
  });
}

describe("rankLanguages", () => {
  it("returns francAll's list, scores included, on real and odd texts", () => {
    for (const text of SAMPLES) {
      for (const minLength of [3, 10]) {
        expect(rankLanguages(text, minLength)).toEqual(francAll(text, { minLength }));
        expect(rankLanguages(text.slice(0, 300), minLength)).toEqual(
          francAll(text.slice(0, 300), { minLength }),
        );
      }
    }
  });

  it("returns francAll's list on random strings, mostly Latin or of mixed scripts", () => {
    // Mostly ASCII letters: computed by rankLanguages itself. Mixed: often handed to franc.
    const odd = [..."ăâîșțşţ.,!?123\n\tйцук中文😀İıΣσςßẞéèàôñĳǅƝ"];
    const mostlyLatin = [..."abcdefghijklmnopqrstuvwxyz     ABCDE", ...odd];
    const mixed = [..."abcdefghij  ", ...odd, ..."йцукенгшщзх中文字😀👍"];
    for (const text of [...randomTexts(800, mostlyLatin), ...randomTexts(400, mixed)]) {
      expect(rankLanguages(text, 10)).toEqual(francAll(text, { minLength: 10 }));
    }
  });

  it("handles samples longer than franc's 2048 characters the same way", () => {
    const long = SAMPLES[0]!.repeat(30);
    expect(long.length).toBeGreaterThan(2048);
    expect(rankLanguages(long)).toEqual(francAll(long));
  });

  it("rests on franc's script table: no script but Latin claims an ASCII character", () => {
    // surelyLatin() counts ASCII letters as Latin and bounds every other script by the non-ASCII
    // code units; this is what makes that bound hold.
    for (const [script, expression] of Object.entries(expressions)) {
      if (script === "Latin") continue;
      const single = new RegExp(expression.source, expression.flags.replace("g", ""));
      for (let c = 0; c < 0x80; c += 1) expect(single.test(String.fromCharCode(c))).toBe(false);
    }
    const latin = new RegExp(expressions.Latin!.source);
    for (const c of "azAZ") expect(latin.test(c)).toBe(true);
  });
});
