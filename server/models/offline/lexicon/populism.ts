// Populism of `offline:lexicon` (Mudde 2004): anti-elitism AND people-centrism, close together, with the antagonism of
// "those above" against the people, insults aimed at an elite (not at a measure), and the target of the attack.
import { near, sameClause, sentenceOf, span, type Context, type DimensionEvidence } from "./context";
import { LEXICON_RULES } from "./lists";
import type { Hit } from "./match";
import { SLOTS } from "./patterns";
import { inInformationalQuestion } from "./question";

export interface PopulismResult {
  populism: boolean;
  antiElitism: boolean;
  poporCentral: boolean;
  people: DimensionEvidence[];
  anti: DimensionEvidence[];
  peopleScore: number;
  antiEliteScore: number;
  /** How many insults were aimed at the elite term starting at each token index. */
  attackedElite: Map<number, number>;
}

/** Whether a sentence sets its parts against each other: a contrast word, a negation or negative words. */
function adversative(ctx: Context, sentence: number): boolean {
  const inSentence = (hit: Hit) => sentenceOf(ctx, hit.start) === sentence;
  if ((ctx.hits[SLOTS.contrast] ?? []).some(inSentence)) return true;
  if ((ctx.hits[SLOTS.negative] ?? []).some(inSentence)) return true;
  if ((ctx.hits[SLOTS.antiElite] ?? []).some((hit) => hit.entry.tone > 0 && inSentence(hit))) return true;
  for (let j = 0; j < ctx.tokens.length; j++)
    if (ctx.negatorAt[j] && sentenceOf(ctx, j) === sentence) return true;
  return false;
}

/** An insult right after a measure ("decizie proastă", "lege foarte proastă") or in "prostie de lege". */
function qualifiesMeasure(ctx: Context, insult: Hit): boolean {
  for (const measure of ctx.hits[SLOTS.measure] ?? []) {
    if (!sameClause(ctx, measure.start, insult.start)) continue;
    if (measure.end <= insult.start && measure.end >= insult.start - 2) return true;
    if (measure.start === insult.end + 1 && ctx.tokens[insult.end]?.info.form === "de") return true;
  }
  return false;
}

/** A slot's hits outside the sentences that only ask for information: those name a topic and claim nothing. */
function claimed(ctx: Context, slot: number): Hit[] {
  const list = ctx.hits[slot] ?? [];
  if (ctx.questions.informational.size === 0) return list;
  return list.filter((hit) => !inInformationalQuestion(ctx, hit.start));
}

export function scorePopulism(ctx: Context): PopulismResult {
  const insults = claimed(ctx, SLOTS.negative).filter((hit) => hit.entry.insult);
  const eliteHits = claimed(ctx, SLOTS.elite);
  const evidenceOf = (hit: Hit, weight: number): DimensionEvidence => ({
    surface: span(ctx, hit.start, hit.end),
    at: hit.start,
    sentence: sentenceOf(ctx, hit.start),
    weight,
  });

  const people: DimensionEvidence[] = [];
  for (const hit of claimed(ctx, SLOTS.people)) {
    // "Românii proști" insults the people instead of appealing to it.
    const insulted = insults.some(
      (insult) =>
        sameClause(ctx, insult.start, hit.start) &&
        insult.start >= hit.start - 2 &&
        insult.start <= hit.end + 1,
    );
    if (!insulted) people.push(evidenceOf(hit, hit.entry.weight));
  }

  // "Cei de sus" or "elita" alone is a weak hint; set against the people in an adversative sentence ("oamenii simpli
  // muncesc, iar cei de sus huzuresc") it is the populist antagonism itself.
  const peopleSentences = new Set(people.filter((item) => item.weight >= 1).map((item) => item.sentence));
  const anti = claimed(ctx, SLOTS.antiElite).map((hit) => {
    const weight =
      hit.entry.vertical &&
      hit.entry.weight < LEXICON_RULES.antagonismWeight &&
      peopleSentences.has(sentenceOf(ctx, hit.start)) &&
      adversative(ctx, sentenceOf(ctx, hit.start))
        ? LEXICON_RULES.antagonismWeight
        : hit.entry.weight;
    return evidenceOf(hit, weight);
  });
  // An insult aimed at an elite ("Ministrul e un bou") is anti-elite evidence too; one that qualifies a measure
  // ("o decizie proastă", "o prostie de lege") criticises the measure, not the elite.
  const attackedElite = new Map<number, number>();
  for (const insult of insults) {
    if (qualifiesMeasure(ctx, insult)) continue;
    const place = { at: insult.start, sentence: sentenceOf(ctx, insult.start) };
    let nearest: Hit | null = null;
    for (const elite of eliteHits) {
      if (
        !near(place, { at: elite.start, sentence: sentenceOf(ctx, elite.start) }, LEXICON_RULES.insultWindow)
      )
        continue;
      if (!nearest || Math.abs(elite.start - insult.start) < Math.abs(nearest.start - insult.start))
        nearest = elite;
    }
    if (!nearest) continue;
    attackedElite.set(nearest.start, (attackedElite.get(nearest.start) ?? 0) + 1);
    anti.push(evidenceOf(insult, 1));
  }

  const peopleScore = people.reduce((sum, item) => sum + item.weight, 0);
  const antiEliteScore = anti.reduce((sum, item) => sum + item.weight, 0);
  // Pronouns and broad groups ("noi", "lumea") support an appeal to the people but never make one on their own.
  const strongPeople = people.filter((item) => item.weight >= 1);
  const poporCentral = strongPeople.length > 0 && peopleScore >= LEXICON_RULES.dimensionThreshold;
  const antiElitism = antiEliteScore >= LEXICON_RULES.dimensionThreshold;
  // One claim about "us" against "them": a people term near real anti-elite evidence, not a stray mention.
  const strongAnti = anti.filter((item) => item.weight >= 1);
  const populism =
    poporCentral &&
    antiElitism &&
    strongPeople.some((p) => strongAnti.some((a) => near(p, a, LEXICON_RULES.populismWindow)));
  return { populism, antiElitism, poporCentral, people, anti, peopleScore, antiEliteScore, attackedElite };
}

/** The elite term closest to the attack, else the first anti-elite noun that names someone; null if none. */
export function findTarget(ctx: Context, populism: PopulismResult): string | null {
  const eliteHits = claimed(ctx, SLOTS.elite);
  const antiHits = claimed(ctx, SLOTS.antiElite);
  let target: { from: number; to: number } | null = null;
  let bestScore = -1;
  for (const elite of eliteHits) {
    const place = { at: elite.start, sentence: sentenceOf(ctx, elite.start) };
    const attacked = populism.anti.some((item) => near(item, place, LEXICON_RULES.insultWindow));
    const score = elite.entry.weight + (attacked ? 2 : 0) + (populism.attackedElite.get(elite.start) ?? 0);
    if (score > bestScore) {
      bestScore = score;
      target = { from: elite.start, to: elite.end };
    }
  }
  if (target) {
    // "hoții de la putere", "Ministrul Apărării": the attack word before and a capitalised name after belong to it.
    const head = target.from;
    const before = antiHits.find((hit) => hit.entry.target && hit.end === head);
    if (before) target.from = before.start;
    while (
      target.to < ctx.tokens.length &&
      target.to - head < 4 &&
      startsUpper(ctx, target.to - 1, target.to)
    )
      target.to++;
  } else {
    const named = antiHits.find((hit) => hit.entry.target);
    if (named) target = { from: named.start, to: named.end };
  }
  return target ? span(ctx, target.from, target.to) : null;
}

/** True when token `next` is a capitalised word ("Apărării", not "ROMÂNIEI") in the same clause as `previous`. */
function startsUpper(ctx: Context, previous: number, next: number): boolean {
  const token = ctx.tokens[next];
  if (!token || !sameClause(ctx, previous, next)) return false;
  const first = token.surface[0] ?? "";
  const rest = token.surface.slice(1);
  return first !== first.toLowerCase() && rest !== rest.toUpperCase();
}
