// A long attached text for the attachment tests: a fictional speech of many paragraphs on roads, schools and
// farming, with one paragraph on a populist theme and one on a bridge, each findable by its own words.

const FILLER = [
  "Drumurile județene au fost asfaltate pe o lungime de patruzeci de kilometri anul trecut.",
  "Școlile din comunele mici au primit laboratoare noi de informatică și microbuze pentru elevi.",
  "Fermierii au cerut subvenții plătite la timp și irigații refăcute pe terenurile din sud.",
  "Spitalul județean are acum o secție de urgență modernizată și medici tineri angajați.",
  "Bugetul local a crescut datorită colectării mai bune a taxelor și a fondurilor europene.",
];

/** The populist paragraph: what "Ce teme populiste apar?" must find. */
export const POPULIST_PARAGRAPH =
  "Poporul cinstit a fost trădat de elita coruptă de la București, care a furat pensiile oamenilor simpli. " +
  "Noi vom da țara înapoi poporului și vom goni oligarhii din ministere.";

/** The bridge paragraph: what a follow-up about the bridge must find. */
export const BRIDGE_PARAGRAPH =
  "Podul peste Mureș de la Ocna va fi reconstruit din temelii, cu o investiție de optzeci de milioane de lei.";

/** About `chars` characters of speech with the two paragraphs inside, far from its start. */
export function longSpeech(chars = 20_000): string {
  const parts: string[] = [];
  let length = 0;
  let i = 0;
  while (length < chars) {
    const paragraph =
      i === 60
        ? POPULIST_PARAGRAPH
        : i === 120
          ? BRIDGE_PARAGRAPH
          : `Punctul ${i + 1}: ${FILLER[i % FILLER.length]}`;
    parts.push(paragraph);
    length += paragraph.length + 2;
    i++;
  }
  return parts.join("\n\n").slice(0, chars);
}
