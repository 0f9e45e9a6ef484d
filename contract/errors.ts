// Typed error codes and the one function that turns any error into what a user sees, in their language.
// Internal details (stack traces, provider bodies, keys) are logged by the caller, never sent.
import { formatNumber } from "./numbers";
import { countWith } from "./plural";
import type { Lang } from "./lang";
import { CORPUS_MESSAGES, MESSAGE_VARIANTS } from "./errorsCorpus";

/** An error as a client receives it: a code and a message in the UI's language. */
export interface UserError {
  code: string;
  message: string;
  /** The message's placeholders, when it has any: a page switched to the other language says it again in that one. */
  params?: Record<string, string | number>;
}

export type { Lang };

const MESSAGES = {
  "input:empty": {
    ro: "Mesajul este gol. Scrieți o întrebare sau un comentariu.",
    en: "The message is empty. Write a question or a comment.",
  },
  "input:too_long": {
    ro: "Mesajul este prea lung (maximum {limit:caracter|caractere}; ați trimis {length:#}).",
    en: "The message is too long (at most {limit:character|characters}; you sent {length:#}).",
  },
  "input:attachment_too_long": {
    ro: "Atașamentul „{name}” este prea lung (maximum {limit:caracter|caractere}; are {length:#}).",
    en: 'The attachment "{name}" is too long (at most {limit:character|characters}; it has {length:#}).',
  },
  "input:attachment_empty": {
    ro: "Atașamentul „{name}” este gol.",
    en: 'The attachment "{name}" is empty.',
  },
  "input:attachment_binary": {
    ro: "„{name}” nu este un fișier text (conține octeți nuli). Atașați un fișier .txt, .md sau .csv.",
    en: '"{name}" is not a text file (it holds NUL bytes). Attach a .txt, .md or .csv file.',
  },
  "input:too_many_attachments": {
    ro: "Cel mult {limit} atașamente la un mesaj.",
    en: "At most {limit} attachments to a message.",
  },
  "input:invalid": {
    ro: "Cererea nu are forma așteptată: {detail}",
    en: "The request does not have the expected shape: {detailEn}",
  },
  "input:unknown_model": {
    ro: "Modelul „{model}” nu este configurat. Alegeți unul din lanțul de modele.",
    en: 'The model "{model}" is not configured. Choose one from the model chain.',
  },
  "input:unknown_models": {
    ro: "Modelele {models} nu sunt configurate. Alegeți din lanțul de modele.",
    en: "The models {modelsEn} are not configured. Choose from the model chain.",
  },
  "chat:busy": {
    ro: "Se scriu deja {limit} răspunsuri pe această conexiune. Așteptați să se termine unul sau opriți-l.",
    en: "{limit} answers are already being written on this connection. Wait for one to finish or stop it.",
  },
  "chat:thread_busy": {
    ro: "Această conversație are deja un răspuns în curs (poate în altă filă). Așteptați-l sau opriți-l, apoi trimiteți din nou.",
    en: "This conversation already has an answer being written (perhaps in another tab). Wait for it or stop it, then send again.",
  },
  "chat:unknown_answer": {
    ro: "Răspunsul pe care îl înlocuiește sau îl continuă mesajul nu este un răspuns încheiat al acestei conversații (poate încă se scrie, sau conversația s-a schimbat în altă filă). Reîncărcați conversația și încercați din nou.",
    en: "The answer this message replaces or continues is not a finished answer of this conversation (perhaps it is still being written, or the conversation changed in another tab). Reload the conversation and try again.",
  },
  "chat:not_found": { ro: "Mesajul nu mai este în curs.", en: "That message is no longer running." },
  "thread:not_found": { ro: "Conversația nu există.", en: "The conversation does not exist." },
  "corpus:index_missing": {
    ro: "Indexul corpusului lipsește. Rulați „npm run cli -- index”.",
    en: 'The corpus index is missing. Run "npm run cli -- index".',
  },
  "corpus:index_unreadable": {
    ro: "Indexul corpusului există, dar nu a putut fi citit ({detail}). Reconstruiți-l: pe pagina Corpus, butonul „Reconstruiește indexul”, sau în terminal „npm run cli -- index --rebuild”. Dacă nici reconstruit nu se deschide, eliminați colecția adăugată ultima (pe pagina Corpus, sau mutați-i fișierele din raw/ și cleaned/, rulați „npm run cli -- clean”, apoi „npm run cli -- index --rebuild”).",
    en: 'The corpus index exists but could not be read ({detail}). Rebuild it: on the Corpus page, the "Rebuild the index" button, or in a terminal "npm run cli -- index --rebuild". If even a rebuilt index does not open, remove the collection added last (on the Corpus page, or move its files out of raw/ and cleaned/, run "npm run cli -- clean", then "npm run cli -- index --rebuild").',
  },
  "corpus:search_unavailable": {
    ro: "Corpusul nu poate fi căutat acum: indexul lui nu a putut fi citit. Un administrator îl poate reconstrui pe pagina Corpus („Reconstruiește indexul”).",
    en: 'The corpus cannot be searched right now: its index could not be read. An administrator can rebuild it on the Corpus page ("Rebuild the index").',
  },
  "corpus:new_index_unreadable": {
    ro: "Indexul nou a fost construit, dar nu a putut fi deschis ({detail}), așa că schimbarea nu a fost aplicată.",
    en: "The new index was built but could not be opened ({detail}), so the change was not applied.",
  },
  "corpus:embedder_mismatch": {
    ro: "Indexul a fost construit cu „{built}”, dar este interogat cu „{asked}”. Reconstruiți-l cu „npm run cli -- index --rebuild”.",
    en: 'The index was built with "{built}" but is queried with "{asked}". Rebuild it with "npm run cli -- index --rebuild".',
  },
  "corpus:index_outdated": {
    ro: "Indexul corpusului are un format vechi ({found}; acum {expected}) și ar da rezultate greșite. Reconstruiți-l cu „npm run cli -- index” (vectorii existenți sunt refolosiți).",
    en: 'The corpus index has an old format ({found}; now {expected}) and would give wrong results. Rebuild it with "npm run cli -- index" (existing vectors are reused).',
  },
  "provider:rate_limit": {
    ro: "Furnizorul a limitat cererile (429).",
    en: "The provider is rate limiting (429).",
  },
  "provider:timeout": { ro: "Modelul nu a răspuns la timp.", en: "The model did not answer in time." },
  "provider:first_token_timeout": {
    ro: "Modelul nu a început să răspundă la timp.",
    en: "The model did not start answering in time.",
  },
  "provider:server_error": {
    ro: "Furnizorul a răspuns cu o eroare de server.",
    en: "The provider answered with a server error.",
  },
  "provider:network": {
    ro: "Furnizorul nu poate fi contactat (rețea).",
    en: "The provider cannot be reached (network).",
  },
  "provider:auth": {
    ro: "Cheia API lipsește sau nu este acceptată.",
    en: "The API key is missing or was refused.",
  },
  "provider:invalid_output": {
    ro: "Modelul a returnat un rezultat care nu respectă schema.",
    en: "The model returned output that does not match the schema.",
  },
  "provider:empty": { ro: "Modelul a returnat un răspuns gol.", en: "The model returned an empty answer." },
  "provider:error": { ro: "Apelul către model a eșuat.", en: "The model call failed." },
  "provider:circuit_open": {
    ro: "Modelul a eșuat de mai multe ori în ultimul minut și este ocolit o vreme.",
    en: "The model failed repeatedly in the last minute and is skipped for a while.",
  },
  "chain:exhausted": {
    ro: "Niciun model din lanț nu a putut răspunde.",
    en: "No model in the chain could answer.",
  },
  "compare:not_found": {
    ro: "Comparația nu există (sau a fost ștearsă: se păstrează ultimele 100 de comparații ale fiecărui utilizator). Porniți-o din nou.",
    en: "The comparison does not exist (or was deleted: each user's latest 100 comparisons are kept). Start it again.",
  },
  "compare:busy": {
    ro: "Rulează deja {limit:comparație|comparații}. Așteptați să se termine una.",
    en: "Already running: {limit:comparison|comparisons}. Wait for one to finish.",
  },
  "compare:closing": {
    ro: "Serverul se oprește acum; porniți comparația din nou peste câteva secunde.",
    en: "The server is stopping now; start the comparison again in a few seconds.",
  },
  "compare:not_ready": {
    ro: "Comparația nu s-a terminat încă; raportul apare la final.",
    en: "The comparison has not finished yet; the report comes at the end.",
  },
  "compare:running": {
    ro: "Comparația încă rulează: opriți-o întâi, apoi o puteți șterge.",
    en: "The comparison is still running: stop it first, then you can delete it.",
  },
  "compare:answer_not_found": {
    ro: "Răspunsul nu există în această comparație (cazul {caseId}, modelul {model}, temperatura {temperature:#}, rularea {run}).",
    en: "The answer is not in this comparison (case {caseId}, model {model}, temperature {temperature:#}, run {run}).",
  },
  "compare:diff_same_run": {
    ro: "Alegeți două comparații diferite: o comparație nu are ce schimba față de ea însăși.",
    en: "Choose two different comparisons: a comparison has nothing to change from itself.",
  },
  "compare:diff_suite_mismatch": {
    ro: "Cele două comparații nu au niciun caz comun (suitele „{suiteA}” și „{suiteB}”): nu au ce compara. Alegeți două comparații ale aceleiași suite.",
    en: 'The two comparisons share no case (suites "{suiteA}" and "{suiteB}"): there is nothing to compare. Choose two comparisons of the same suite.',
  },
  "judge:offline": {
    ro: "Modelul „{model}” nu poate judeca: judecătorul trebuie să fie un model de limbaj (nu unul offline).",
    en: 'The model "{model}" cannot judge: the judge must be a language model (not an offline one).',
  },
  "chain:refine_models": {
    ro: "Modul ciornă → rafinare cere un model pentru ciornă și unul pentru rafinare (DRAFT_MODEL, REFINE_MODEL sau setările mesajului).",
    en: "Draft → refine needs a drafting model and a refining model (DRAFT_MODEL, REFINE_MODEL or the message's settings).",
  },
  "upload:missing_file": {
    ro: "Cererea nu conține niciun fișier (câmpul „file”).",
    en: 'The request holds no file (field "file").',
  },
  "upload:not_found": {
    ro: "Fișierul încărcat nu mai există pe server. Încărcați-l din nou.",
    en: "The uploaded file is no longer on the server. Upload it again.",
  },
  "dataset:too_large": {
    ro: "Fișierul este prea mare: limita este {limit} (WORKBENCH_MAX_UPLOAD_MB).",
    en: "The file is too large: the limit is {limit} (WORKBENCH_MAX_UPLOAD_MB).",
  },
  "dataset:empty": {
    ro: "Fișierul „{file}” este gol.",
    en: 'The file "{file}" is empty.',
  },
  "dataset:binary": {
    ro: "Fișierul „{file}” pare binar ({detail}), nu un tabel. Încărcați CSV, TSV, XLSX sau JSONL.",
    en: 'The file "{file}" looks binary ({detailEn}), not a table. Upload CSV, TSV, XLSX or JSONL.',
  },
  "dataset:wrong_type": {
    ro: "Tipul fișierului „{file}” nu este acceptat ({detail}). Încărcați CSV, TSV, XLSX sau JSONL.",
    en: 'The type of "{file}" is not accepted ({detailEn}). Upload CSV, TSV, XLSX or JSONL.',
  },
  "dataset:malformed": {
    ro: "Fișierul „{file}” nu poate fi citit: {detail}",
    en: 'The file "{file}" cannot be read: {detail}',
  },
  "dataset:line_too_long": {
    ro: "Fișierul „{file}” are un rând mai lung de {limit}; nu pare un tabel cu un text pe rând.",
    en: 'The file "{file}" has a line longer than {limit}; it does not look like a table with one text a row.',
  },
  "dataset:column_missing": {
    ro: "Coloana „{column}” nu există în fișier. Coloane disponibile: {available}.",
    en: 'The column "{column}" is not in the file. Available columns: {available}.',
  },
  "dataset:no_rows": {
    ro: "Fișierul „{file}” nu are niciun rând cu text ({detail}).",
    en: 'The file "{file}" has no row with text ({detailEn}).',
  },
  "dataset:corpus_no_match": {
    ro: "Niciun text din corpus nu se potrivește cu selecția: {selection}. Încercați alte cuvinte sau mai puține filtre.",
    en: "No text of the corpus matches the selection: {selectionEn}. Try other words or fewer filters.",
  },
  "dataset:too_many_rows": {
    ro: "Setul de date ar trece de limita de {limit:rând|rânduri} (WORKBENCH_MAX_ROWS).",
    en: "The data set would have more than {limit:row|rows} (WORKBENCH_MAX_ROWS).",
  },
  "dataset:encoding": {
    ro: "Codificarea „{encoding}” nu este acceptată. Folosiți utf-8, windows-1250, iso-8859-2, iso-8859-16 sau windows-1252.",
    en: 'The encoding "{encoding}" is not supported. Use utf-8, windows-1250, iso-8859-2, iso-8859-16 or windows-1252.',
  },
  "dataset:not_found": { ro: "Setul de date nu există.", en: "The data set does not exist." },
  "dataset:busy": {
    ro: "Pe acest set de date rulează o adnotare. Opriți-o întâi.",
    en: "An annotation run is working on this data set. Stop it first.",
  },
  "dataset:blind_export": {
    ro: "Profesorul a ales revizuirea oarbă pentru acest set: exportul (cu etichetele tuturor și gold) îl face doar el.",
    en: "The owner chose blind review for this data set: only they export it (it holds everyone's labels and gold).",
  },
  "dataset:blind_filter": {
    ro: "Profesorul a ales revizuirea oarbă pentru acest set: rezultatele nu se filtrează și nu se ordonează după ce au spus modelele (etichete, dezacord, încredere).",
    en: "The owner chose blind review for this data set: results cannot be filtered or sorted by what the models said (labels, disagreement, confidence).",
  },
  "dataset:progress_forbidden": {
    ro: "Progresul clasei pe acest set îl vede doar cel care l-a partajat (sau un administrator).",
    en: "Only whoever shared this data set (or an admin) sees the class's progress on it.",
  },
  "feedback:forbidden": {
    ro: "Evaluările din chat ale tuturor le vede doar un administrator. Evaluările dumneavoastră rămân la răspunsurile din conversații.",
    en: "Only an admin sees everyone's ratings from the chat. Your own ratings stay with the answers in your threads.",
  },
  "present:forbidden": {
    ro: "Adresa sălii și codul de acces le vede doar un administrator (cel care prezintă).",
    en: "Only an admin (the presenter) sees the room's address and access code.",
  },
  "dataset:guidelines_forbidden": {
    ro: "Ghidul de adnotare al acestui set îl scrie doar cel care l-a creat (sau un administrator).",
    en: "Only whoever made this data set (or an admin) writes its annotation guidelines.",
  },
  "dataset:guidelines_too_long": {
    ro: "Ghidul de adnotare este prea lung: {length:caracter|caractere}, iar limita este {limit:#}. Scurtați-l sau mutați exemplele lungi într-un document separat.",
    en: "The annotation guidelines are too long: {length:character|characters}, and the limit is {limit:#}. Shorten them or move long examples to a separate document.",
  },
  "dataset:overlap_forbidden": {
    ro: "Câte etichete trebuie să aibă fiecare rând al acestui set hotărăște doar cel care l-a creat (sau un administrator).",
    en: "Only whoever made this data set (or an admin) decides how many labels each of its rows needs.",
  },
  "dataset:overlap_invalid": {
    ro: "Numărul de etichete pe rând trebuie să fie un număr întreg de la {min:#} la {max:#}, sau gol pentru „toți etichetează toate rândurile”.",
    en: 'The labels per row must be a whole number from {min:#} to {max:#}, or empty for "everyone labels every row".',
  },
  "run:not_found": { ro: "Rularea nu există.", en: "The run does not exist." },
  "run:write_failed": {
    ro: "Adnotările nu au mai putut fi salvate ({detail}), așa că rularea s-a oprit. Ce s-a salvat rămâne; reluați-o când baza de date răspunde din nou.",
    en: "The annotations could no longer be saved ({detail}), so the run stopped. What was saved stays; resume it once the database answers again.",
  },
  "item:not_found": { ro: "Rândul nu există în setul de date.", en: "The row is not in the data set." },
  "guidelines:conflict": {
    ro: "Ghidul de adnotare a fost schimbat între timp ({change}), în alt tab sau de altcineva. Textul scris aici nu s-a pierdut: păstrați-l (suprascrie ghidul salvat) sau preluați ghidul salvat.",
    en: "The annotation guidelines were changed meanwhile ({changeEn}), in another tab or by someone else. The text written here is not lost: keep it (overwrites the saved guidelines) or take the saved guidelines.",
  },
  "label:conflict": {
    ro: "Ați salvat acest rând între timp în alt tab sau pe alt dispozitiv (ultima salvare: {at} UTC). Păstrați ce e salvat (reîncarcă rândul) sau suprascrieți cu ce ați ales aici.",
    en: "You saved this row meanwhile in another tab or on another device (last saved: {at} UTC). Keep what is saved (reloads the row) or overwrite it with what you chose here.",
  },
  "label:evidence_too_many": {
    ro: "Prea multe dovezi marcate: {count}, iar limita este {limit} pe etichetă. Păstrați cuvintele care contează cel mai mult.",
    en: "Too many evidence spans: {count}, and the limit is {limit} per label. Keep the words that matter most.",
  },
  "label:evidence_outside": {
    ro: "O dovadă marcată ({start}–{end}) iese din textul rândului, care are {length:caracter|caractere}. Marcați din nou cuvintele în text.",
    en: "An evidence span ({start}–{end}) lies outside the row's text, which has {length:character|characters}. Mark the words in the text again.",
  },
  "label:evidence_overlap": {
    ro: "Două dovezi pentru același câmp ({field}) se suprapun: {first} și {second}. Ștergeți una sau marcați-le separat.",
    en: "Two evidence spans for the same field ({fieldEn}) overlap: {first} and {second}. Remove one or mark them apart.",
  },
  "job:not_found": { ro: "Lucrarea nu există.", en: "The job does not exist." },
  "job:not_running": {
    ro: "Lucrarea nu rulează (stare: {status}), deci nu poate fi oprită.",
    en: "The job is not running (status: {status}), so it cannot be stopped.",
  },
  "job:not_resumable": {
    ro: "Lucrarea nu poate fi reluată (stare: {status}).",
    en: "The job cannot be resumed (status: {status}).",
  },
  // The corpus page: uploads, feeds, imports, removals, the catalog (./errorsCorpus.ts).
  ...CORPUS_MESSAGES,
  "input:body_too_large": {
    ro: "Cererea este prea mare.",
    en: "The request is too large.",
  },
  "auth:required": {
    ro: "Autentificați-vă pentru a continua.",
    en: "Please sign in to continue.",
  },
  "auth:invalid": {
    ro: "Numele sau parola nu sunt corecte.",
    en: "The name or the password is not correct.",
  },
  "auth:invalid_code": {
    ro: "Codul de acces nu este corect.",
    en: "The access code is not correct.",
  },
  "auth:login_disabled": {
    ro: "Acest fel de autentificare nu este activ pe server.",
    en: "This way of signing in is not enabled on the server.",
  },
  "auth:forbidden": {
    ro: "Contul dumneavoastră ({role}) nu are acces la această parte a aplicației.",
    en: "Your account ({role}) has no access to this part of the app.",
  },
  "auth:throttled": {
    ro: "Prea multe încercări de autentificare. Încercați din nou peste {seconds} s.",
    en: "Too many sign-in attempts. Try again in {seconds} s.",
  },
  "auth:origin": {
    ro: "Cererea vine de pe o adresă nepermisă ({origin}).",
    en: "The request comes from an origin that is not allowed ({origin}).",
  },
  "account:unavailable": {
    ro: "Conturile se gestionează din pagină doar cu AUTH=users.",
    en: "Accounts are managed from the page only with AUTH=users.",
  },
  "account:not_found": { ro: "Contul „{name}” nu există.", en: 'The account "{name}" does not exist.' },
  "account:invalid_name": {
    ro: "Nume de cont nevalide: {names}. Un nume are 2–40 litere, cifre, „.”, „_” sau „-”, fără spații (de exemplu „ana.pop”); puneți un nume pe rând.",
    en: 'Invalid account names: {names}. A name has 2–40 letters, digits, ".", "_" or "-", with no spaces (for example "ana.pop"); put one name per line.',
  },
  "account:too_many": {
    ro: "Cel mult {limit:cont|conturi} o dată (ați dat {count:#}). Împărțiți lista.",
    en: "At most {limit:account|accounts} at once (you gave {count:#}). Split the list.",
  },
  "account:self": {
    ro: "Nu vă puteți șterge, retrograda sau reseta parola propriului cont de aici (sesiunea s-ar încheia). Cereți-o altui administrator sau folosiți „npm run cli -- users”.",
    en: 'You cannot remove, demote or reset the password of your own account here (your session would end). Ask another admin or use "npm run cli -- users".',
  },
  "account:last_admin": {
    ro: "„{name}” este ultimul administrator: trebuie să rămână cel puțin unul.",
    en: '"{name}" is the last admin: at least one must remain.',
  },
  "limit:rate": {
    ro: "Prea multe cereri: limita este {limit} pe minut. Încercați din nou peste {seconds} s.",
    en: "Too many requests: the limit is {limit} a minute. Try again in {seconds} s.",
  },
  "budget:exhausted": {
    ro: "Bugetul zilnic pentru modelele plătite ({budget}) a fost atins; până mâine răspund modelele offline.",
    en: "The daily budget for paid models ({budget}) has been reached; until tomorrow the offline models answer.",
  },
  internal: {
    ro: "A apărut o eroare internă. Încercați din nou.",
    en: "An internal error occurred. Please try again.",
  },
} satisfies Record<string, Record<Lang, string>>;

export type ErrorCode = keyof typeof MESSAGES;

/** An error that carries a code from the table above and the values its message needs. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    options?: { cause?: unknown },
  ) {
    super(code, options);
    this.name = "AppError";
  }
}

export function isErrorCode(code: string): code is ErrorCode {
  return code in MESSAGES;
}

/**
 * The message for a code in a language, with `{name}` placeholders filled in. An English placeholder (`{detailEn}`)
 * falls back to its Romanian value (`detail`) when the thrower gave none, so a detail is never lost.
 */
export function formatMessage(
  code: ErrorCode,
  lang: Lang,
  params: Record<string, string | number> = {},
): string {
  const variant = typeof params.variant === "string" ? MESSAGE_VARIANTS[code]?.[params.variant] : undefined;
  return (variant ?? MESSAGES[code])[lang].replace(
    /\{(\w+)(?::([^}|]*)(?:\|([^}]*))?)?\}/g,
    (_, name: string, one?: string, many?: string) => {
      const value = params[name] ?? params[name.replace(/En$/, "")] ?? "";
      // "{limit:caracter|caractere}": a count with its noun ("4.000 de caractere"); "{length:#}": a number ("4.521").
      if (one === undefined || typeof value !== "number") return String(value);
      return many === undefined
        ? formatNumber(value, lang)
        : countWith(value, [one, many], lang, (n) => formatNumber(n, lang));
    },
  );
}

/** What the user sees for any thrown value: a known code with its message, or "internal". */
export function toUserError(err: unknown, lang: Lang = "ro"): UserError {
  if (err instanceof AppError) {
    const message = formatMessage(err.code, lang, err.params);
    return Object.keys(err.params).length > 0
      ? { code: err.code, message, params: err.params }
      : { code: err.code, message };
  }
  return { code: "internal", message: formatMessage("internal", lang) };
}

/** A user error said in `lang`: again from its code when it is one of ours, else as the server worded it. */
export function inLanguage(error: UserError, lang: Lang): string {
  return isErrorCode(error.code) ? formatMessage(error.code, lang, error.params) : error.message;
}

export function pickLang(value: unknown): Lang {
  return typeof value === "string" && value.toLowerCase().startsWith("en") ? "en" : "ro";
}
