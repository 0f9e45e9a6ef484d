// The UI's words in Romanian (default) and English, with typed keys so a missing translation is a type error.
// Pure module (no React): the hook, the reducer's callers and the components all read it.

export type Lang = "ro" | "en";
export const LANGS: readonly Lang[] = ["ro", "en"];

const ro = {
  "app.name": "EchoChamber",
  "app.tagline": "Discurs politic românesc, cu surse",
  "header.newThread": "Conversație nouă",
  "header.language": "Limba interfeței",
  "header.theme.dark": "Temă întunecată",
  "header.theme.light": "Temă luminoasă",
  "connection.connecting": "conectare…",
  "connection.reconnecting": "reconectare…",
  "starters.title": "Întrebați corpusul sau cereți o analiză",
  "starters.hint": "Alegeți un exemplu sau scrieți propria întrebare.",
  "starters.pensions": "Ce spun comentariile despre pensiile speciale?",
  "starters.diaspora": "Cum este discutată diaspora în campania electorală?",
  "starters.analyse": "Analizează: «Hoții de la putere ne fură pensiile, dar poporul se va trezi!»",
  "starters.corruption": "Ce argumente apar în discuțiile despre corupție și justiție?",
  "composer.placeholder": "Scrieți o întrebare sau un comentariu de analizat…",
  "composer.label": "Mesaj",
  "composer.send": "Trimite",
  "composer.stop": "Oprește",
  "composer.stopping": "Se oprește…",
  "composer.hint": "Enter trimite · Shift+Enter rând nou · Esc oprește",
  "composer.tooLong": "Mesajul depășește limita de {limit} caractere.",
  "composer.busy": "Așteptați răspunsul în curs sau opriți-l.",
  "message.you": "Dvs.",
  "message.assistant": "EchoChamber",
  "message.sending": "se trimite…",
  "message.failed": "Mesajul nu a fost trimis.",
  "message.thinking": "Se lucrează…",
  "message.replaced": "Modelul a eșuat; răspunsul parțial a fost înlocuit cu cel al modelului de rezervă.",
  "message.retrying": "Se reîncearcă cu următorul model din lanț…",
  "message.stopped": "Răspuns oprit.",
  "message.error": "Răspunsul nu a putut fi generat.",
  "message.empty": "(fără text)",
  "steps.title": "Pași",
  "step.retrieve": "Căutare în corpus",
  "step.annotate": "Adnotare",
  "step.answer": "Răspuns",
  "step.fallback": "Model de rezervă",
  "step.running": "în curs",
  "step.done": "gata",
  "step.error": "eșuat",
  "step.cancelled": "oprit",
  "meta.model": "Model",
  "meta.firstToken": "primul token",
  "meta.total": "total",
  "meta.tokens": "tokeni",
  "meta.fallbacks": "Modele eșuate",
  "sources.title": "Surse",
  "sources.none": "Nicio sursă găsită în corpus.",
  "sources.open": "Deschide sursa {n}",
  "citation.open": "Sursa {n}",
  "citation.missing": "Sursa {n} nu există în lista de surse",
  "panel.title": "Sursa {n}",
  "panel.close": "Închide",
  "panel.source": "Sursă",
  "panel.platform": "Platformă",
  "panel.date": "Dată",
  "panel.score": "Scor",
  "panel.link": "Link",
  "panel.openLink": "Deschide originalul",
  "panel.annotation": "Adnotare",
  "panel.noAnnotation": "Această sursă nu a fost adnotată.",
  "annotation.label": "Adnotare",
  "annotation.populist": "populist",
  "annotation.notPopulist": "nepopulist",
  "annotation.populism": "Populism",
  "annotation.antiElitism": "anti-elitism",
  "annotation.peopleCentrism": "popor central",
  "annotation.topic": "temă",
  "annotation.confidence": "încredere",
  "annotation.evidence": "Dovezi",
  "annotation.target": "Țintă",
  "annotation.justification": "Justificare",
  "annotation.model": "Adnotat de",
  "annotation.unknownModel": "model necunoscut",
  "annotation.details": "Detalii adnotare",
  "tone.pozitiv": "pozitiv",
  "tone.negativ": "negativ",
  "tone.neutru": "neutru",
  "settings.title": "Setări",
  "settings.model": "Model",
  "settings.default": "implicit ({model})",
  "settings.notConfigured": "neconfigurat",
  "settings.temperature": "Temperatură",
  "settings.topK": "Surse (top-k)",
  "settings.reset": "Valori implicite",
  "settings.modelsError": "Lista modelelor nu a putut fi încărcată.",
  "error.offline":
    "Nu există conexiune cu serverul. Mesajul nu a fost trimis; textul a rămas în caseta de scriere.",
  "error.noAck": "Serverul nu a confirmat mesajul. Încercați din nou.",
  "error.disconnected": "Conexiunea cu serverul s-a întrerupt în timpul răspunsului.",
  "error.dismiss": "Închide",
} as const;

export type MessageKey = keyof typeof ro;

const en: Record<MessageKey, string> = {
  "app.name": "EchoChamber",
  "app.tagline": "Romanian political discourse, with sources",
  "header.newThread": "New conversation",
  "header.language": "Interface language",
  "header.theme.dark": "Dark theme",
  "header.theme.light": "Light theme",
  "connection.connecting": "connecting…",
  "connection.reconnecting": "reconnecting…",
  "starters.title": "Ask the corpus or request an analysis",
  "starters.hint": "Pick an example or write your own question.",
  // The starters stay in Romanian: the corpus and the models work in Romanian.
  "starters.pensions": "Ce spun comentariile despre pensiile speciale?",
  "starters.diaspora": "Cum este discutată diaspora în campania electorală?",
  "starters.analyse": "Analizează: «Hoții de la putere ne fură pensiile, dar poporul se va trezi!»",
  "starters.corruption": "Ce argumente apar în discuțiile despre corupție și justiție?",
  "composer.placeholder": "Write a question or a comment to analyse…",
  "composer.label": "Message",
  "composer.send": "Send",
  "composer.stop": "Stop",
  "composer.stopping": "Stopping…",
  "composer.hint": "Enter sends · Shift+Enter new line · Esc stops",
  "composer.tooLong": "The message is over the {limit} character limit.",
  "composer.busy": "Wait for the current answer or stop it.",
  "message.you": "You",
  "message.assistant": "EchoChamber",
  "message.sending": "sending…",
  "message.failed": "The message was not sent.",
  "message.thinking": "Working…",
  "message.replaced": "The model failed; the partial answer was replaced by the fallback model's answer.",
  "message.retrying": "Retrying with the next model in the chain…",
  "message.stopped": "Answer stopped.",
  "message.error": "The answer could not be generated.",
  "message.empty": "(no text)",
  "steps.title": "Steps",
  "step.retrieve": "Corpus search",
  "step.annotate": "Annotation",
  "step.answer": "Answer",
  "step.fallback": "Fallback model",
  "step.running": "running",
  "step.done": "done",
  "step.error": "failed",
  "step.cancelled": "stopped",
  "meta.model": "Model",
  "meta.firstToken": "first token",
  "meta.total": "total",
  "meta.tokens": "tokens",
  "meta.fallbacks": "Failed models",
  "sources.title": "Sources",
  "sources.none": "No source found in the corpus.",
  "sources.open": "Open source {n}",
  "citation.open": "Source {n}",
  "citation.missing": "Source {n} is not in the list of sources",
  "panel.title": "Source {n}",
  "panel.close": "Close",
  "panel.source": "Source",
  "panel.platform": "Platform",
  "panel.date": "Date",
  "panel.score": "Score",
  "panel.link": "Link",
  "panel.openLink": "Open the original",
  "panel.annotation": "Annotation",
  "panel.noAnnotation": "This source was not annotated.",
  "annotation.label": "Annotation",
  "annotation.populist": "populist",
  "annotation.notPopulist": "not populist",
  "annotation.populism": "Populism",
  "annotation.antiElitism": "anti-elitism",
  "annotation.peopleCentrism": "people-centrism",
  "annotation.topic": "topic",
  "annotation.confidence": "confidence",
  "annotation.evidence": "Evidence",
  "annotation.target": "Target",
  "annotation.justification": "Justification",
  "annotation.model": "Annotated by",
  "annotation.unknownModel": "unknown model",
  "annotation.details": "Annotation details",
  "tone.pozitiv": "positive",
  "tone.negativ": "negative",
  "tone.neutru": "neutral",
  "settings.title": "Settings",
  "settings.model": "Model",
  "settings.default": "default ({model})",
  "settings.notConfigured": "not configured",
  "settings.temperature": "Temperature",
  "settings.topK": "Sources (top-k)",
  "settings.reset": "Defaults",
  "settings.modelsError": "The list of models could not be loaded.",
  "error.offline":
    "There is no connection to the server. The message was not sent; its text is back in the input box.",
  "error.noAck": "The server did not confirm the message. Please try again.",
  "error.disconnected": "The connection to the server dropped during the answer.",
  "error.dismiss": "Dismiss",
};

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { ro, en };

/** Display names of the codebook's topics (server/annotation/schema.ts TOPICS); unknown values show as sent. */
const TOPIC_LABELS: Record<Lang, Record<string, string>> = {
  ro: {
    pensii: "pensii",
    taxe: "taxe",
    coruptie: "corupție",
    sanatate: "sănătate",
    educatie: "educație",
    ue: "UE",
    energie: "energie",
    justitie: "justiție",
    alegeri: "alegeri",
    diaspora: "diaspora",
    salarii: "salarii",
    preturi: "prețuri",
    altele: "altele",
  },
  en: {
    pensii: "pensions",
    taxe: "taxes",
    coruptie: "corruption",
    sanatate: "health",
    educatie: "education",
    ue: "EU",
    energie: "energy",
    justitie: "justice",
    alegeri: "elections",
    diaspora: "diaspora",
    salarii: "wages",
    preturi: "prices",
    altele: "other",
  },
};

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The text for a key in a language, with `{name}` placeholders filled in. */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return DICTIONARIES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function topicLabel(lang: Lang, topic: string): string {
  return TOPIC_LABELS[lang][topic] ?? topic;
}

const STORAGE_KEY = "echochamber.lang";

export function isLang(value: unknown): value is Lang {
  return value === "ro" || value === "en";
}

/** The saved language, or Romanian. Storage can be unavailable (private mode, tests): then the default. */
export function loadLang(storage: Pick<Storage, "getItem"> | undefined = safeStorage()): Lang {
  const saved = storage?.getItem(STORAGE_KEY);
  return isLang(saved) ? saved : "ro";
}

export function saveLang(lang: Lang, storage: Pick<Storage, "setItem"> | undefined = safeStorage()): void {
  try {
    storage?.setItem(STORAGE_KEY, lang);
  } catch (err) {
    // A full or blocked storage only costs the preference, not the session.
    console.warn("could not save the language", err);
  }
}

/** localStorage when the environment has one and allows it. */
export function safeStorage(): Storage | undefined {
  try {
    return typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    // Accessing localStorage throws in some sandboxed iframes; treat that as "no storage".
    return undefined;
  }
}
