// Generated data for the benchmarks: Romanian-like political comments from templates with random slots (fictional,
// no real person named), with exact and near duplicates mixed in, and a seeded generator so runs are repeatable.

/** mulberry32: a small, fast, seedable generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

const ACTORS = [
  "guvernul",
  "ministrul de finanțe",
  "primarul",
  "parlamentarii",
  "consiliul județean",
  "opoziția",
  "liderul Partidului Progresului Civic",
  "Alianța pentru Demnitate",
  "Mișcarea Vatra Unită",
  "ministerul sănătății",
  "prefectul",
  "sindicatele",
  "președintele consiliului",
  "deputații din colegiul nostru",
];

const TOPICS: Record<string, readonly string[]> = {
  pensii: ["pensiile speciale", "indexarea pensiilor", "vârsta de pensionare", "Pilonul II", "pensia minimă"],
  taxe: [
    "impozitul pe venit",
    "TVA-ul la alimente",
    "taxa pe carbon",
    "impozitul pe clădiri",
    "accizele la carburanți",
  ],
  sanatate: [
    "spitalul județean",
    "lista de așteptare la operații",
    "medicii de familie",
    "compensarea medicamentelor",
  ],
  educatie: [
    "salariile profesorilor",
    "microbuzele școlare",
    "manualele digitale",
    "bacalaureatul",
    "școlile din sate",
  ],
  infrastructura: [
    "autostrada Moldovei",
    "varianta ocolitoare",
    "podul de la intrarea în oraș",
    "calea ferată",
    "gropile din asfalt",
  ],
  coruptie: [
    "achizițiile de măști",
    "contractele cu firme de casă",
    "dosarele de la anticorupție",
    "angajările pe pile",
  ],
  energie: [
    "factura la curent",
    "prețul gazelor",
    "plafonarea prețurilor",
    "parcurile eoliene",
    "centrala pe cărbune",
  ],
  diaspora: [
    "votul din diaspora",
    "cozile de la secțiile din străinătate",
    "românii plecați la muncă",
    "întoarcerea acasă",
  ],
  agricultura: [
    "subvențiile pentru fermieri",
    "seceta din sud",
    "prețul grâului",
    "despăgubirile pentru recoltă",
  ],
  mediu: ["tăierile ilegale de păduri", "groapa de gunoi", "poluarea din oraș", "apa de la robinet"],
  justitie: [
    "legile justiției",
    "prescrierea dosarelor",
    "numirile procurorilor",
    "condamnările cu suspendare",
  ],
  salarii: ["salariul minim", "sporurile bugetarilor", "salariile din privat", "tichetele de masă"],
};

const PLACES = [
  "Iași",
  "Cluj",
  "Timișoara",
  "Constanța",
  "Craiova",
  "Brașov",
  "Galați",
  "Ploiești",
  "Oradea",
  "Suceava",
  "Bacău",
  "Pitești",
  "Sibiu",
  "Botoșani",
  "Vaslui",
  "Buzău",
  "Satu Mare",
  "Alba Iulia",
  "Târgu Mureș",
  "Deva",
  "comuna noastră",
  "cartierul nostru",
];

const OPINIONS = [
  "e o bătaie de joc",
  "e o rușine națională",
  "era de mult timp necesar",
  "nu rezolvă nimic",
  "e doar praf în ochi înainte de alegeri",
  "e un pas bun, dar prea mic",
  "ne costă pe toți",
  "arată că nu le pasă de oamenii simpli",
  "e exact ce ne trebuia",
  "a fost promis de zece ori și tot nimic",
  "e o glumă proastă",
  "merită susținut",
];

const FEELINGS = [
  "Sincer",
  "Pe bune",
  "Vă spun eu",
  "Din păcate",
  "În sfârșit",
  "Iar",
  "Ca de obicei",
  "Nu mai pot",
];
const PEOPLE = [
  "noi, oamenii simpli",
  "pensionarii",
  "tinerii",
  "părinții",
  "fermierii",
  "profesorii",
  "medicii",
  "șoferii",
];
const ENDINGS = [
  "!",
  "!!!",
  ".",
  "?!",
  "...",
  " 😡",
  " 👏",
  " 🤦",
  "",
  "!! Rușine!",
  ". Trezirea!",
  ". Vot la urne!",
];
const AMOUNTS = [
  "300 de lei",
  "1.200 de lei",
  "15%",
  "două miliarde",
  "jumătate din buget",
  "40 de milioane de euro",
];
const TIMES = [
  "de trei ani",
  "din 2019",
  "de la ultimele alegeri",
  "de luna trecută",
  "de când mă știu",
  "de două mandate",
];

const TEMPLATES: ReadonlyArray<(r: Random, topic: string) => string> = [
  (r, t) => `${pick(r, FEELINGS)}, ${t} ${pick(r, OPINIONS)}${pick(r, ENDINGS)}`,
  (r, t) =>
    `${capitalize(pick(r, ACTORS))} promite ${t} ${pick(r, TIMES)}, iar ${pick(r, PEOPLE)} tot așteaptă${pick(r, ENDINGS)}`,
  (r, t) =>
    `La ${pick(r, PLACES)} ${t} ${pick(r, OPINIONS)}. Cine răspunde pentru ${pick(r, AMOUNTS)} cheltuiți?`,
  (r, t) =>
    `Am citit despre ${t} și ${pick(r, OPINIONS)}. ${capitalize(pick(r, ACTORS))} să dea socoteală${pick(r, ENDINGS)}`,
  (r, t) =>
    `${capitalize(pick(r, PEOPLE))} plătesc ${pick(r, AMOUNTS)} în plus din cauza că ${t} ${pick(r, OPINIONS)}`,
  (r, t) =>
    `De ce nu vorbește nimeni despre ${t}? La noi în ${pick(r, PLACES)} situația e la fel ${pick(r, TIMES)}${pick(r, ENDINGS)}`,
  (r, t) =>
    `${capitalize(t)}: ${pick(r, ACTORS)} a anunțat ${pick(r, AMOUNTS)}, dar ${pick(r, PEOPLE)} spun că ${pick(r, OPINIONS)}.`,
  (r, t) =>
    `Bravo! În sfârșit cineva se ocupă de ${t} în ${pick(r, PLACES)}. ${pick(r, FEELINGS)}, ${pick(r, OPINIONS)}${pick(r, ENDINGS)}`,
  (r, t) =>
    `Eu lucrez ${pick(r, TIMES)} și văd cum ${t} ${pick(r, OPINIONS)}. ${capitalize(pick(r, ACTORS))} ne-a uitat, ` +
    `iar ${pick(r, PEOPLE)} pleacă din ${pick(r, PLACES)}${pick(r, ENDINGS)}`,
  (r, t) =>
    `Întrebare pentru ${pick(r, ACTORS)}: ce faceți cu ${t}? Am așteptat ${pick(r, TIMES)} un răspuns${pick(r, ENDINGS)}`,
];

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const DIACRITICS: Record<string, string> = {
  ă: "a",
  â: "a",
  î: "i",
  ș: "s",
  ț: "t",
  Ă: "A",
  Â: "A",
  Î: "I",
  Ș: "S",
  Ț: "T",
};

/** Many Romanian comments are typed without diacritics; some with the legacy cedilla letters. */
function typingStyle(random: Random, text: string): string {
  const roll = random();
  if (roll < 0.35) return text.replace(/[ăâîșțĂÂÎȘȚ]/g, (c) => DIACRITICS[c] ?? c);
  if (roll < 0.45) return text.replace(/ș/g, "ş").replace(/ț/g, "ţ");
  if (roll < 0.5) return text.toLowerCase();
  return text;
}

/** A near duplicate: the same comment retyped, with a word dropped, punctuation or case changed. */
function nearDuplicate(random: Random, text: string): string {
  const words = text.split(" ");
  const roll = random();
  if (roll < 0.3 && words.length > 6) words.splice(1 + Math.floor(random() * (words.length - 2)), 1);
  else if (roll < 0.6) return `${text.replace(/[!?.]+$/u, "")}!!`;
  else if (roll < 0.8) return text.toLowerCase();
  else words.push(pick(random, ["Rușine!", "Așa e.", "Exact.", "Trist."]));
  return words.join(" ");
}

export interface SyntheticComment {
  id: string;
  text: string;
  date: string;
  platform: "facebook" | "youtube";
  source: string;
  url: string;
  /** The generator's topic, for checks by eye. */
  topic: string;
  /** Set on exact and near duplicates: the id of the comment they copy. */
  copyOf?: string;
  copyKind?: "exact" | "near";
}

export interface CommentOptions {
  seed?: number;
  /** Share of comments that copy an earlier one exactly (default 0.03). */
  exactShare?: number;
  /** Share of near duplicates (default 0.04). */
  nearShare?: number;
}

/** n comments with ids c000001.. in order; duplicates copy an earlier comment. */
export function generateComments(n: number, options: CommentOptions = {}): SyntheticComment[] {
  const random = seededRandom(options.seed ?? 42);
  const exactShare = options.exactShare ?? 0.03;
  const nearShare = options.nearShare ?? 0.04;
  const topics = Object.keys(TOPICS);
  const comments: SyntheticComment[] = [];
  const start = Date.UTC(2023, 0, 1);
  for (let i = 0; i < n; i++) {
    const id = `c${String(i + 1).padStart(6, "0")}`;
    const day = new Date(start + Math.floor(random() * 900) * 86_400_000).toISOString().slice(0, 10);
    const platform = random() < 0.6 ? "facebook" : "youtube";
    const source =
      platform === "facebook"
        ? `Pagina publică ${1 + Math.floor(random() * 40)}`
        : `Canal video ${1 + Math.floor(random() * 25)}`;
    const url = `https://${platform}.example/${source.replace(/\s+/g, "-").toLowerCase()}/${id}`;
    const roll = random();
    if (comments.length > 0 && roll < exactShare + nearShare) {
      const original = comments[Math.floor(random() * comments.length)];
      const exact = roll < exactShare;
      comments.push({
        id,
        text: exact ? original.text : nearDuplicate(random, original.text),
        date: day,
        platform,
        source,
        url,
        topic: original.topic,
        copyOf: original.copyOf ?? original.id,
        copyKind: exact ? "exact" : "near",
      });
      continue;
    }
    const topic = pick(random, topics);
    let text = pick(random, TEMPLATES)(random, pick(random, TOPICS[topic]));
    // A second sentence on a third of the comments gives lengths from one line to a short paragraph.
    if (random() < 0.33)
      text += ` ${pick(random, TEMPLATES)(random, pick(random, TOPICS[pick(random, topics)]))}`;
    comments.push({ id, text: typingStyle(random, text), date: day, platform, source, url, topic });
  }
  return comments;
}

/** Unit vectors with a low-dimensional structure, like text embeddings: a few shared "topic" directions and noise. */
export function topicVectors(count: number, dimensions: number, seed = 7, topicCount = 400): Float32Array {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const topics = new Float32Array(topicCount * dimensions);
  for (let i = 0; i < topics.length; i++) topics[i] = gauss();
  const out = new Float32Array(count * dimensions);
  for (let row = 0; row < count; row++) {
    const offset = row * dimensions;
    const mixed = 2 + Math.floor(random() * 4);
    for (let t = 0; t < mixed; t++) {
      // Squaring the uniform draw makes some topics common and most rare, as in real corpora.
      const topic = Math.floor(random() * random() * topicCount) * dimensions;
      const weight = 0.3 + random();
      for (let i = 0; i < dimensions; i++) out[offset + i] += weight * topics[topic + i];
    }
    let norm = 0;
    for (let i = 0; i < dimensions; i++) {
      out[offset + i] += 0.35 * gauss();
      norm += out[offset + i] ** 2;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < dimensions; i++) out[offset + i] *= inv;
  }
  return out;
}
