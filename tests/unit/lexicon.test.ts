// Behaviour of the `offline:lexicon` annotator: diacritics, negation, intensifiers, irony, the populism rule
// (anti-elitism AND people-centrism, close together), topics, evidence and the word-list files themselves.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CODEBOOK } from "../../server/codebook/codebook";
import { AnnotationSchema, TOPICS, type Annotation } from "../../contract/annotation";
import {
  LEXICON_VERSION,
  analyzeLexicon,
  annotateLexicon,
  annotateLexiconBatch,
} from "../../server/models/offline/lexicon";
import { foldDiacritics } from "../../contract/text";

const LEXICON_DIR = new URL("../../server/models/offline/lexicon/", import.meta.url);

/** The labels a researcher compares; evidence keeps the surface spelling, so it is compared folded. */
function labels(annotation: Annotation) {
  return {
    ton: annotation.ton,
    populism: annotation.populism,
    anti_elitism: annotation.anti_elitism,
    popor_central: annotation.popor_central,
    tema: annotation.tema,
    tinta: annotation.tinta === null ? null : foldDiacritics(annotation.tinta),
    incredere: annotation.incredere,
    dovezi: annotation.dovezi?.map(foldDiacritics),
  };
}

describe("annotateLexicon output", () => {
  const samples = [
    "",
    "   ",
    "😀😀😀",
    "Guvernul ne fură pensiile",
    "Poporul e sătul de hoții de la putere care ne fură pensiile!",
    "Ședința de consiliu local a fost amânată pentru joi.",
    "NU e bine, nu e bine deloc!!! Hoții, mafioții, trădătorii și baronii ne-au vândut țara, românii de rând plătesc.",
    "x".repeat(5000),
    Array.from({ length: 60 }, () => "Bravo, încă o taxă pe spatele poporului, hoților!").join(" "),
  ];

  it.each(samples)("validates against AnnotationSchema for %#", (text) => {
    const annotation = annotateLexicon(text);
    expect(() => AnnotationSchema.parse(annotation)).not.toThrow();
    expect(annotation.justificare.length).toBeLessThanOrEqual(400);
    expect(annotation.justificare).toMatch(/^Ton (pozitiv|negativ|neutru)/);
    expect(annotation.justificare.endsWith(".")).toBe(true);
  });

  it("quotes only evidence that occurs in the text", () => {
    const text = "Poporul e sătul de hoții de la putere care ne fură pensiile! Foarte rău. 😡";
    const annotation = annotateLexicon(text);
    expect(annotation.dovezi?.length).toBeGreaterThan(0);
    for (const piece of annotation.dovezi ?? []) expect(text).toContain(piece);
  });

  it("finds nothing, says so and is unsure on a text without lexicon words", () => {
    const annotation = annotateLexicon("Ședința a fost mutată pe joi la ora zece.");
    expect(annotation).toMatchObject({
      ton: "neutru",
      populism: false,
      tema: "altele",
      tinta: null,
      dovezi: [],
    });
    expect(annotation.incredere).toBeLessThanOrEqual(0.3);
    expect(annotation.justificare).toContain("niciun cuvânt");
  });

  it("is sure, but never certain, when the evidence is plentiful", () => {
    const annotation = annotateLexicon(
      "Poporul e sătul de hoții și trădătorii de la putere care ne fură pensiile, românii de rând plătesc!",
    );
    expect(annotation.incredere).toBeGreaterThanOrEqual(0.7);
    expect(annotation.incredere).toBeLessThanOrEqual(0.9);
  });
});

describe("diacritics and inflection", () => {
  it("gives identical labels with, without and in capitals", () => {
    const variants = ["Guvernul ne fură pensiile", "guvernul ne fura pensiile", "GUVERNUL NE FURĂ PENSIILE"];
    const [first, ...rest] = variants.map((text) => labels(annotateLexicon(text)));
    expect(first).toMatchObject({ ton: "negativ", anti_elitism: true, tema: "pensii" });
    for (const other of rest) expect(other).toEqual(first);
  });

  it("treats cedilla ş ţ like comma-below ș ț and like plain letters", () => {
    const variants = [
      "Ţara e condusă de hoţi şi trădători, iar poporul tace.",
      "Țara e condusă de hoți și trădători, iar poporul tace.",
      "Tara e condusa de hoti si tradatori, iar poporul tace.",
    ];
    const [first, ...rest] = variants.map((text) => labels(annotateLexicon(text)));
    expect(first).toMatchObject({ ton: "negativ", anti_elitism: true, popor_central: true, populism: true });
    for (const other of rest) expect(other).toEqual(first);
  });

  it.each(["hoț", "hoți", "hoții", "hoților", "hotii", "HOȚIIIII"])(
    "catches the inflected or shouted form %s",
    (word) => {
      const annotation = annotateLexicon(`Sunt ${word}.`);
      expect(annotation.anti_elitism).toBe(true);
      expect(annotation.ton).toBe("negativ");
    },
  );

  it("does not mistake neighbouring words for inflections (hotel, hotărâre)", () => {
    const annotation = annotateLexicon("Hotelul a primit o hotărâre de la primărie.");
    expect(annotation.anti_elitism).toBe(false);
    expect(annotation.ton).not.toBe("negativ");
  });
});

describe("negation", () => {
  it("neutralises a negated negative word: 'nu e rău deloc' is not negative", () => {
    expect(annotateLexicon("nu e rău deloc").ton).not.toBe("negativ");
    expect(annotateLexicon("Nu e rău deloc proiectul.").ton).not.toBe("negativ");
  });

  it("flips a negated positive word: 'nu e bine' is negative while 'e bine' is positive", () => {
    expect(annotateLexicon("e bine").ton).toBe("pozitiv");
    expect(annotateLexicon("nu e bine").ton).toBe("negativ");
    expect(annotateLexicon("N-a fost bine deloc.").ton).toBe("negativ");
  });

  it("reads a negated negative word followed by praise as positive", () => {
    expect(annotateLexicon("Nu e rău deloc noul spital din Sibiu, medicii sunt foarte amabili.").ton).toBe(
      "pozitiv",
    );
    expect(annotateLexicon("Nu sunt deloc mulțumit de guvern.").ton).toBe("negativ");
  });

  it("reads 'nu sunt de acord' as negative", () => {
    const annotation = annotateLexicon("Nu sunt de acord cu această lege.");
    expect(annotation.ton).toBe("negativ");
    expect(annotation.dovezi).toContain("Nu sunt de acord");
  });

  it("does not let a negator rescue an insult or an attack", () => {
    expect(annotateLexicon("Nu vrem hoți în parlament!").ton).toBe("negativ");
  });

  it("stops at a clause boundary", () => {
    // "Nu" answers a question in its own clause; "bine" after the comma is not negated.
    expect(annotateLexicon("Nu, e foarte bine.").ton).toBe("pozitiv");
    expect(annotateLexicon("Nu e foarte bine.").ton).toBe("negativ");
  });
});

describe("intensifiers and diminishers", () => {
  it("raises the weight and the confidence with an intensifier", () => {
    const plain = analyzeLexicon("Guvernul e rău.");
    const intensified = analyzeLexicon("Guvernul e foarte rău.");
    expect(plain.annotation.ton).toBe("negativ");
    expect(intensified.annotation.ton).toBe("negativ");
    expect(intensified.negative).toBeGreaterThan(plain.negative);
    expect(intensified.annotation.incredere).toBeGreaterThan(plain.annotation.incredere);
    expect(intensified.annotation.dovezi).toContain("foarte rău");
  });

  it("lowers the weight with a diminisher", () => {
    expect(analyzeLexicon("Guvernul e cam rău.").negative).toBeLessThan(
      analyzeLexicon("Guvernul e rău.").negative,
    );
  });
});

describe("irony", () => {
  it("reads 'Bravo, încă o taxă!' as negative and names the irony", () => {
    const analysis = analyzeLexicon("Bravo, încă o taxă!");
    expect(analysis.annotation.ton).toBe("negativ");
    expect(analysis.irony).toBe(true);
    expect(analysis.annotation.justificare).toContain("ironie");
    expect(analysis.annotation.dovezi).toEqual(expect.arrayContaining(["Bravo", "încă o taxă"]));
  });

  it("keeps praise as praise when nothing negative surrounds it", () => {
    const analysis = analyzeLexicon("Bravo, echipa a câștigat!");
    expect(analysis.annotation.ton).toBe("pozitiv");
    expect(analysis.irony).toBe(false);
  });

  it("reads praise words in scare quotes as ironic", () => {
    const annotation = annotateLexicon("Felicitări pentru „reforma” voastră, ne-ați lăsat fără pensii.");
    expect(annotation.ton).toBe("negativ");
    expect(annotation.dovezi).toEqual(expect.arrayContaining(["Felicitări", "reforma"]));
  });
});

describe("populism = anti-elitism AND people-centrism", () => {
  it("flags a comment that sets the people against a corrupt elite, with both dimensions and evidence", () => {
    const annotation = annotateLexicon("Poporul e sătul de hoții de la putere care ne fură pensiile!");
    expect(annotation).toMatchObject({
      populism: true,
      anti_elitism: true,
      popor_central: true,
      ton: "negativ",
    });
    expect(annotation.dovezi).toEqual(expect.arrayContaining(["Poporul", "hoții", "ne fură"]));
    expect(annotation.tinta).toContain("de la putere");
    expect(annotation.justificare).toContain("populism: poporul");
  });

  it("does not flag a comment that merely criticises a policy", () => {
    const annotation = annotateLexicon("Măsura privind TVA-ul este prost gândită și va afecta firmele mici.");
    expect(annotation).toMatchObject({
      populism: false,
      anti_elitism: false,
      popor_central: false,
      tema: "taxe",
    });
    expect(annotation.ton).toBe("negativ");
  });

  it("marks an insult aimed at politicians as anti-elitism without populism", () => {
    const annotation = annotateLexicon("Politicienii sunt niște hoți și mincinoși.");
    expect(annotation).toMatchObject({ anti_elitism: true, popor_central: false, populism: false });
    expect(annotation.tinta).toBe("Politicienii");
  });

  it("names the insulted office holder as the target", () => {
    const annotation = annotateLexicon("Ministrul Apărării este un bou.");
    expect(annotation).toMatchObject({ anti_elitism: true, populism: false, tinta: "Ministrul Apărării" });
  });

  it("marks an appeal to the people without an attack as people-centrism only", () => {
    const annotation = annotateLexicon("Poporul român merită respect.");
    expect(annotation).toMatchObject({ popor_central: true, anti_elitism: false, populism: false });
  });

  it("does not count a people that is itself insulted as an appeal to the people", () => {
    expect(annotateLexicon("Românii proști votează orice.").popor_central).toBe(false);
  });

  it("needs more than a pronoun: 'noi' alone is not people-centrism", () => {
    const annotation = annotateLexicon("Noi plătim, iar hoții din guvern ne fură.");
    expect(annotation.anti_elitism).toBe(true);
    expect(annotation.popor_central).toBe(false);
    expect(annotation.populism).toBe(false);
  });

  it("needs the people and the attack close together", () => {
    const distant =
      "Poporul român are o istorie lungă și frumoasă. " +
      "Am vizitat ieri muzeul, am văzut multe tablouri vechi, am mâncat la un restaurant mic din centru " +
      "și ne-am întors seara acasă cu trenul de la ora opt. Politicienii sunt hoți.";
    const annotation = annotateLexicon(distant);
    expect(annotation.popor_central).toBe(true);
    expect(annotation.anti_elitism).toBe(true);
    expect(annotation.populism).toBe(false);
  });
});

describe("people against those above (antagonism)", () => {
  it.each([
    "Oamenii simpli muncesc, iar cei de sus huzuresc pe banii noștri.",
    "Noi, cei de jos, plătim pentru huzurul celor de sus.",
    "Cei de sus nu știu cum trăim noi, oamenii simpli.",
    "Elita de la București a uitat de oamenii de rând.",
    "Noi, cei de jos, strângem cureaua, în timp ce elita își votează pensii speciale.",
  ])("reads '%s' as populist: the people set against the elite", (text) => {
    const annotation = annotateLexicon(text);
    expect(annotation).toMatchObject({ populism: true, anti_elitism: true, popor_central: true });
  });

  it("does not read a neutral mention of the people next to the elite as populism", () => {
    const annotation = annotateLexicon("Poporul și elita trebuie să colaboreze pentru binele țării.");
    expect(annotation).toMatchObject({ populism: false, anti_elitism: false, popor_central: true });
    expect(
      annotateLexicon("Oamenii simpli și cei de la putere trebuie să stea la aceeași masă.").populism,
    ).toBe(false);
  });

  it("needs the people for the vertical terms to count: 'cei de sus' alone is a weak hint", () => {
    const annotation = annotateLexicon("Cei de sus au hotărât altfel.");
    expect(annotation).toMatchObject({ anti_elitism: false, populism: false });
  });

  it("gives the same labels to the antagonism with, without diacritics, with cedillas and in capitals", () => {
    const variants = [
      "Oamenii simpli muncesc, iar cei de sus huzuresc pe banii noștri.",
      "Oamenii simpli muncesc, iar cei de sus huzuresc pe banii nostri.",
      "Oamenii simpli muncesc, iar cei de sus huzuresc pe banii noştri.",
      "OAMENII SIMPLI MUNCESC, IAR CEI DE SUS HUZURESC PE BANII NOȘTRI.",
    ];
    const [first, ...rest] = variants.map((text) => labels(annotateLexicon(text)));
    expect(first).toMatchObject({ ton: "negativ", populism: true, tinta: "cei de sus" });
    for (const other of rest) expect(other).toEqual(first);
  });
});

describe("populist versus merely critical", () => {
  it("does not count an insult to a measure as an attack on the elite that took it", () => {
    const annotation = annotateLexicon("Guvernul a luat o decizie proastă privind pensiile.");
    expect(annotation).toMatchObject({
      ton: "negativ",
      anti_elitism: false,
      populism: false,
      tema: "pensii",
    });
    expect(annotateLexicon("O prostie de lege, votată în grabă de guvern.").anti_elitism).toBe(false);
  });

  it("still counts an insult to the office holders themselves", () => {
    expect(annotateLexicon("Guvernul ăsta prost ne duce de râpă.").anti_elitism).toBe(true);
    expect(annotateLexicon("O lege proastă, votată de niște idioți din parlament.").anti_elitism).toBe(true);
  });

  it("keeps harsh policy criticism, irony and anti-elitism apart from populism", () => {
    expect(annotateLexicon("Reforma pensiilor este un dezastru total pentru bugetul țării.")).toMatchObject({
      ton: "negativ",
      anti_elitism: false,
      populism: false,
    });
    expect(annotateLexicon("Mulțumim frumos, dragi guvernanți, încă o scumpire la pâine!")).toMatchObject({
      ton: "negativ",
      populism: false,
    });
    expect(annotateLexicon("Hoții din guvern și-au umplut buzunarele.")).toMatchObject({
      anti_elitism: true,
      popor_central: false,
      populism: false,
    });
  });
});

describe("the codebook's worked examples", () => {
  it("are coded by the lexicon as the codebook codes them, for populism and both dimensions' decisive cases", () => {
    const results = CODEBOOK.examples.map((example) => ({
      gold: example.annotation,
      lexicon: annotateLexicon(example.text),
    }));
    for (const { gold, lexicon } of results) {
      expect({ populism: lexicon.populism, anti_elitism: lexicon.anti_elitism }).toEqual({
        populism: gold.populism,
        anti_elitism: gold.anti_elitism,
      });
    }
    // Tone on every example; the dictionary misses one descriptive "românii" (documented in docs/lexicon.md).
    expect(results.filter((r) => r.lexicon.ton === r.gold.ton)).toHaveLength(results.length);
    expect(
      results.filter((r) => r.lexicon.popor_central === r.gold.popor_central).length,
    ).toBeGreaterThanOrEqual(results.length - 1);
  });
});

describe("topics", () => {
  const cases: [string, Annotation["tema"]][] = [
    ["Pensiile au fost înghețate iar pensionarii nu mai au din ce trăi.", "pensii"],
    ["Impozitul pe venit și TVA-ul cresc de la anul.", "taxe"],
    ["Spitalele nu au medicamente, iar medicii pleacă.", "sanatate"],
    ["Profesorii și elevii așteaptă manualele de la începutul anului școlar.", "educatie"],
    ["Fondurile europene de la Bruxelles întârzie.", "ue"],
    ["Factura la gaze și curentul electric s-a dublat, energia e tot mai scumpă.", "energie"],
    ["Procurorii au trimis dosarul în instanță.", "justitie"],
    ["La alegeri, prezența la vot a fost mică în secțiile de votare.", "alegeri"],
    ["Românii din diaspora au trimis acasă bani.", "diaspora"],
    ["Salariul minim crește, dar angajatorii se plâng.", "salarii"],
    ["Prețurile la alimente și inflația ne sufocă.", "preturi"],
    ["Mita și corupția din primării sunt anchetate de DNA.", "coruptie"],
    ["Ce zi frumoasă azi.", "altele"],
  ];

  it.each(cases)("reads %s as %s", (text, tema) => {
    expect(annotateLexicon(text).tema).toBe(tema);
  });

  it("prefers the more specific topic over a generic corruption insult", () => {
    expect(annotateLexicon("Hoții ne fură pensiile.").tema).toBe("pensii");
  });
});

describe("annotateLexiconBatch", () => {
  it("returns one annotation per text, in order, equal to single calls", () => {
    const texts = ["Bravo, încă o taxă!", "e bine", "Poporul e sătul de hoții de la putere."];
    expect(annotateLexiconBatch(texts)).toEqual(texts.map((text) => annotateLexicon(text)));
    expect(annotateLexiconBatch([])).toEqual([]);
  });

  it("annotates a large batch of generated comments, each valid (a sanity run, not a timing)", () => {
    const openings = [
      "Guvernul",
      "Poporul",
      "Ministrul",
      "Primarul",
      "Nimeni",
      "Profesorii",
      "Românii de rând",
    ];
    const middles = [
      "nu e bine",
      "e foarte bun",
      "ne fură",
      "plătește taxe",
      "e corupt",
      "a votat",
      "cere pensii",
    ];
    const endings = ["!", ".", "?", " :)", " 😡", "... bravo!", ", încă o taxă."];
    const texts: string[] = [];
    for (let i = 0; i < 2000; i++) {
      texts.push(`${openings[i % 7]} ${middles[(i >> 3) % 7]}${endings[(i >> 6) % 7]} #${i}`);
    }
    const annotations = annotateLexiconBatch(texts);
    expect(annotations).toHaveLength(texts.length);
    for (const annotation of annotations) expect(AnnotationSchema.safeParse(annotation).success).toBe(true);
  });
});

describe("word-list files", () => {
  const files = readdirSync(LEXICON_DIR).filter((name) => name.endsWith(".json"));
  const parsed = files.map((name) => ({
    name,
    data: JSON.parse(readFileSync(new URL(name, LEXICON_DIR), "utf8")) as Record<string, unknown>,
  }));

  it("all carry the exported LEXICON_VERSION", () => {
    expect(files.length).toBeGreaterThanOrEqual(11);
    expect(LEXICON_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    for (const { data } of parsed) expect(data.version).toBe(LEXICON_VERSION);
  });

  it("store word entries diacritic-folded and lower-case (acronym patterns aside)", () => {
    const words: string[] = [];
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === "object") {
        for (const [key, child] of Object.entries(value)) {
          if (["terms", "weak", "exclude"].includes(key) && Array.isArray(child)) {
            for (const word of child) if (typeof word === "string") words.push(word);
          } else if (key !== "symbols") collect(child); // emoji and emoticons are not words
        }
      }
    };
    for (const { data } of parsed) collect(data);
    expect(words.length).toBeGreaterThan(500);
    const unfolded = words.filter((word) => !word.includes("^") && word !== foldDiacritics(word));
    expect(unfolded).toEqual([]);
  });

  it("have keywords for every topic except 'altele'", () => {
    const topics = parsed.find(({ name }) => name === "topics.json")?.data.topics as Record<string, unknown>;
    expect(Object.keys(topics).sort()).toEqual(TOPICS.filter((topic) => topic !== "altele").sort());
  });
});

describe("offense (the weight of insults and obscenities)", () => {
  it("weighs the insults and obscenities, censored ones too, and nothing else that is negative", () => {
    expect(analyzeLexicon("Ești un idiot și un mincinos.").offense).toBe(4);
    expect(analyzeLexicon("Du-te în p#$la mea cu legea ta.").offense).toBe(1.5);
    // Negative, even anti-elitist, without an insult: no offense.
    const angry = analyzeLexicon("Situația este groaznică, hoții ne fură pensiile.");
    expect(angry.annotation.ton).toBe("negativ");
    expect(angry.offense).toBe(0);
    expect(analyzeLexicon("O zi frumoasă la mare.").offense).toBe(0);
  });
});
