// The compare page's words for its checks before sending, the absent recommendation of a stopped run, "Use in chat"
// with the .env lines, the two pass-rate columns and the progress per model, in Romanian and English; merged into
// the dictionaries of i18n.ts.

import { compareDiffEn, compareDiffRo } from "./i18nCompareDiff";

export const compareRo = {
  "compare.limit.models": "Cel mult {models} într-o comparație (ați ales {n}).",
  "compare.limit.runs": "Rulările pe caz: un număr întreg între 1 și {max}.",
  "compare.limit.temperatures": "Cel mult {temperatures} (ați scris {n}).",
  "compare.limit.answers":
    "Comparația ar cere {answers} (cel mult {max}): alegeți mai puține modele, rulări sau temperaturi.",
  "compare.planned": "Comparația va cere {answers} (cel mult {max}).",
  "compare.needsTwo":
    "O comparație are nevoie de cel puțin două modele: bifați încă unul. Cu unul singur comparația rulează, dar nu are cu ce să-l compare.",
  "compare.noRecommendation":
    "Fără recomandare: comparația s-a oprit după {done} din {answers}, iar un model care a răspuns doar la câteva cazuri ar fi judecat după ele. Rulați comparația întreagă pentru o recomandare.",
  "compare.col.passHint": "Din cazurile care se aplică modelului (cazurile „n/a” lăsate deoparte).",
  "compare.col.suiteScore": "Trecute din toată suita",
  "compare.col.suiteScoreHint":
    "Din toate cazurile suitei, cu „n/a” și erorile ca netrecute: cifra din calitatea recomandării.",
  "compare.apply": "Folosește în chat",
  "compare.apply.done":
    "Gata: chatul din acest browser răspunde acum cu {model}, la temperatura {temperature} (le puteți schimba în Setări).",
  "compare.apply.notInChat":
    "{model} nu este în lanțul de modele al chatului pe acest server, deci nu poate fi ales aici: configurați-l pe server cu liniile de mai jos.",
  "compare.apply.server":
    "Rezerva și modelul implicit pentru toți țin de configurația serverului: copiați liniile în .env și reporniți serverul (la fel scrie „compare --write-config”).",
  "compare.env.label": "Linii pentru .env",
  "compare.env.copy": "Copiază liniile",
  "compare.env.copied": "Copiat",
  "compare.env.copyFailed": "Nu s-a putut copia; selectați textul și copiați-l de mână.",
  "compare.progressModels": "Răspunsuri pe model",
  "compare.progressModel": "{done} din {total}",
  "compare.own.use": "Suita mea",
  "compare.own.useHint": "Scrieți cazurile aici sau încărcați un fișier de suită.",
  "compare.own.editor": "Cazurile mele",
  "compare.own.editorHint":
    "Un caz pe bloc, blocurile despărțite de un rând gol. Rândurile fără cuvânt-cheie sunt promptul; sub el, opțional, rânduri care încep cu un cuvânt-cheie:",
  "compare.own.keywords":
    "sursă: … (textul trimis ca sursă [1], ca în chat; modelul extractiv offline răspunde doar cazurilor cu surse) · titlu: … · sistem: … · criteriu: … · conține: … · nu conține: … · egal: … · regex: … · max cuvinte: N · min cuvinte: N · max caractere: N · max propoziții: N · stabil: 0,6 (cât de asemănătoare sunt răspunsurile aceluiași caz între rulări; cazul primește cel puțin 3 rulări) · json · română · listă · refuză · nu refuză. Un rând care începe cu „\\” rămâne în prompt.",
  "compare.own.placeholder":
    "Rezumă în două propoziții ce spune sursa.\nsursă: Guvernul a anunțat indexarea pensiilor cu 5% de la 1 ianuarie.\nconține: pensi\nmax cuvinte: 60\n\nCe înseamnă populismul? Răspunde într-o frază.\nromână",
  "compare.own.cases": "Cazuri scrise: {n}.",
  "compare.own.casesVariants": "Cazuri scrise: {written} × {variants} variante = {n}.",
  "compare.own.variants":
    "Variante de prompt: un prim bloc numai cu rânduri „variantă A: …”, „variantă B: …” (2–4 prompturi de sistem); fiecare caz rulează apoi o dată cu fiecare, ca „caz-1-a”, „caz-1-b”.",
  "compare.chart.variant": "Varianta {letter} · toate cazurile",
  "compare.own.upload": "Sau încărcați un fișier de suită (YAML sau JSON, formatul din docs/compare.md)",
  "compare.own.fileUsed":
    "Se folosește fișierul „{name}”: {suite} ({cases}). Textul de mai sus rămâne păstrat.",
  "compare.own.fileChecking": "Se verifică fișierul „{name}”…",
  "compare.own.fileRefused": "Fișierul „{name}” nu a fost primit: {why}",
  "compare.own.fileClear": "Renunță la fișier",
  "compare.own.tooLarge": "Fișierul este prea mare pentru o suită: {size}, limita este {limit}.",
  "compare.own.unreadable": "Fișierul nu a putut fi citit (a fost mutat sau șters?). Alegeți-l din nou.",
  "compare.own.stillChecking":
    "Fișierul suitei se verifică încă; porniți comparația după ce apare rezultatul verificării.",
  "compare.own.template": "Descarcă suita implicită (șablon YAML)",
  // An answer's assertions by name, before their reason (the suite's type ids are English).
  "compare.assertion.equals": "Egal",
  "compare.assertion.contains": "Conține",
  "compare.assertion.regex": "Expresie regulată",
  "compare.assertion.is-json": "JSON",
  "compare.assertion.max-length": "Lungime maximă",
  "compare.assertion.min-length": "Lungime minimă",
  "compare.assertion.language": "Limba",
  "compare.assertion.list": "Listă",
  "compare.assertion.latency": "Timp de răspuns",
  "compare.assertion.finish-reason": "Motivul opririi",
  "compare.assertion.refusal": "Refuz",
  "compare.assertion.annotation": "Adnotare",
  "compare.assertion.stable": "Stabilitate",
  "compare.assertion.rubric": "Criteriu notat",
  // A failure mode that could happen in nothing of this run ("—", not "0/0"), and why.
  "compare.failure.unmeasured.hallucinated_citations":
    "Nimic de măsurat: modelul nu a răspuns la niciun caz cu surse.",
  "compare.failure.unmeasured.unsupported_claims":
    "Nimic de măsurat: modelul nu a răspuns la niciun caz cu surse.",
  "compare.failure.unmeasured.refusals":
    "Nimic de măsurat: modelul nu a răspuns la niciun caz care să nu ceară un refuz.",
  "compare.failure.unmeasured.truncations":
    "Nimic de măsurat: modelul nu a răspuns la niciun caz care să nu aștepte o trunchiere.",
  "compare.failure.unmeasured.instability":
    "Nimic de numărat: instabilitatea numără cazurile × temperaturile al căror test de stabilitate (aserțiunea „stable”, într-un fișier de suită) a picat, iar niciun caz la care a răspuns modelul nu are unul.",
  "compare.failure.similarity": "Similaritatea medie între rulări, cea din recomandare: {figures}.",
  "compare.failure.unmeasured.ignored_role":
    "Nimic de măsurat: modelul nu a răspuns la niciun caz fără surse cu promptul de sistem al lui.",
  // An answer of the offline extractive model: its fixed opening sentence is shown but not judged.
  "compare.answer.framing":
    "Fraza de început („Răspuns extractiv (offline, …)”) este eticheta fixă a modelului offline, aceeași la orice întrebare: aserțiunile (lungime, conținut, limbă) judecă doar ce urmează după ea, așa că numărul de cuvinte din motiv poate fi mai mic decât al textului de mai sus.",
  // The past comparisons (CompareHistory.tsx).
  "compare.history.title": "Comparații anterioare",
  "compare.history.hint":
    "Comparațiile dvs. păstrate pe server, cele mai noi întâi (fiecare utilizator își păstrează ultimele 100). Alegeți una ca s-o deschideți.",
  "compare.history.hintAdmin":
    "Comparațiile tuturor utilizatorilor păstrate pe server, cele mai noi întâi; la ale altora scrie ale cui sunt.",
  "compare.history.empty":
    "Nicio comparație anterioară încă: cele pe care le porniți apar aici și rămân după ce închideți pagina.",
  "compare.history.loading": "Se încarcă comparațiile anterioare…",
  "compare.history.loadError": "Comparațiile anterioare nu s-au putut încărca: {message}",
  "compare.history.more": "Mai vechi",
  "compare.history.moreRetry": "Mai vechi: încearcă din nou",
  "compare.history.moreError": "Comparațiile mai vechi nu s-au putut încărca: {message}",
  "compare.history.shown": "Deschisă acum",
  "compare.history.delete": "Șterge",
  "compare.history.deleteLabel": "Șterge comparația din {date}",
  "compare.history.confirm":
    "Ștergeți comparația din {date} ({suite})? Răspunsurile și cifrele ei dispar de pe server; fișierele descărcate rămân.",
  "compare.history.deleteError": "Comparația nu s-a putut șterge: {message}",
  "compare.history.status.running": "rulează",
  "compare.history.status.done": "terminată",
  "compare.history.status.stopped": "oprită înainte de final",
  "compare.history.status.error": "eșuată",
  "compare.history.status.interrupted": "întreruptă (serverul s-a oprit)",
  "compare.history.progress": "{done} din {answers}",
  "compare.history.best": "cel mai bun: {model} ({pass} trecute)",
  "compare.history.noBest": "fără recomandare",
  "compare.history.ownerUser": "utilizator: {name}",
  "compare.history.ownerGuest": "utilizator: un invitat",
  ...compareDiffRo,
};

export type CompareKey = keyof typeof compareRo;

export const compareEn: Record<CompareKey, string> = {
  "compare.limit.models": "At most {models} in a comparison (you chose {n}).",
  "compare.limit.runs": "Runs per case: a whole number from 1 to {max}.",
  "compare.limit.temperatures": "At most {temperatures} (you wrote {n}).",
  "compare.limit.answers":
    "The comparison would ask for {answers} (at most {max}): choose fewer models, runs or temperatures.",
  "compare.planned": "The comparison will ask for {answers} (at most {max}).",
  "compare.needsTwo":
    "A comparison needs at least two models: tick another one. With one alone the comparison runs, but has nothing to compare it with.",
  "compare.noRecommendation":
    "No recommendation: the comparison stopped after {done} of {answers}, and a model that answered only a few cases would be judged on them. Run the whole comparison for a recommendation.",
  "compare.col.passHint": 'Of the cases that apply to the model ("n/a" cases left out).',
  "compare.col.suiteScore": "Passed over the whole suite",
  "compare.col.suiteScoreHint":
    'Of every case of the suite, "n/a" and errors counted as not passed: the figure in the recommendation\'s quality.',
  "compare.apply": "Use in chat",
  "compare.apply.done":
    "Done: the chat in this browser now answers with {model}, at temperature {temperature} (change them in Settings).",
  "compare.apply.notInChat":
    "{model} is not in the chat's model chain on this server, so it cannot be chosen here: configure it on the server with the lines below.",
  "compare.apply.server":
    "The fallback and everyone's default model belong to the server's configuration: copy the lines into .env and restart the server (as \"compare --write-config\" writes them).",
  "compare.env.label": "Lines for .env",
  "compare.env.copy": "Copy the lines",
  "compare.env.copied": "Copied",
  "compare.env.copyFailed": "Could not copy; select the text and copy it by hand.",
  "compare.progressModels": "Answers per model",
  "compare.progressModel": "{done} of {total}",
  "compare.own.use": "My suite",
  "compare.own.useHint": "Write the cases here or upload a suite file.",
  "compare.own.editor": "My cases",
  "compare.own.editorHint":
    "One case a block, blocks separated by an empty line. Lines without a keyword are the prompt; under it, optionally, lines that start with a keyword:",
  "compare.own.keywords":
    'source: … (the text sent as source [1], as in the chat; the offline extractive model only answers cases with sources) · title: … · system: … · criterion: … · contains: … · not contains: … · equals: … · regex: … · max words: N · min words: N · max chars: N · max sentences: N · stable: 0.6 (how alike the answers to the case are across runs; the case gets at least 3 runs) · json · romanian · list · refuses · no refusal. The Romanian keywords work too. A line that starts with "\\" stays in the prompt.',
  "compare.own.placeholder":
    "Summarise in two sentences what the source says.\nsource: The government announced that pensions will rise by 5% from 1 January.\ncontains: pension\nmax words: 60\n\nWhat is populism? Answer in one sentence.\nno refusal",
  "compare.own.cases": "Cases written: {n}.",
  "compare.own.casesVariants": "Cases written: {written} × {variants} variants = {n}.",
  "compare.own.variants":
    'Prompt variants: a first block with only "variant A: …", "variant B: …" lines (2–4 system prompts); every case then runs once under each, as "caz-1-a", "caz-1-b".',
  "compare.chart.variant": "Variant {letter} · all cases",
  "compare.own.upload": "Or upload a suite file (YAML or JSON, the format of docs/compare.md)",
  "compare.own.fileUsed": 'Using the file "{name}": {suite} ({cases}). The text above is kept.',
  "compare.own.fileChecking": 'Checking the file "{name}"…',
  "compare.own.fileRefused": 'The file "{name}" was not accepted: {why}',
  "compare.own.fileClear": "Drop the file",
  "compare.own.tooLarge": "The file is too large for a suite: {size}, the limit is {limit}.",
  "compare.own.unreadable": "The file could not be read (was it moved or deleted?). Choose it again.",
  "compare.own.stillChecking":
    "The suite file is still being checked; start the comparison once its check shows.",
  "compare.own.template": "Download the default suite (YAML template)",
  // An answer's assertions by name, before their reason.
  "compare.assertion.equals": "Equals",
  "compare.assertion.contains": "Contains",
  "compare.assertion.regex": "Regular expression",
  "compare.assertion.is-json": "JSON",
  "compare.assertion.max-length": "Maximum length",
  "compare.assertion.min-length": "Minimum length",
  "compare.assertion.language": "Language",
  "compare.assertion.list": "List",
  "compare.assertion.latency": "Response time",
  "compare.assertion.finish-reason": "Finish reason",
  "compare.assertion.refusal": "Refusal",
  "compare.assertion.annotation": "Annotation",
  "compare.assertion.stable": "Stability",
  "compare.assertion.rubric": "Scored rubric",
  "compare.failure.unmeasured.hallucinated_citations":
    "Nothing to measure: the model answered no case with sources.",
  "compare.failure.unmeasured.unsupported_claims":
    "Nothing to measure: the model answered no case with sources.",
  "compare.failure.unmeasured.refusals":
    "Nothing to measure: the model answered no case that does not ask for a refusal.",
  "compare.failure.unmeasured.truncations":
    "Nothing to measure: the model answered no case that does not expect a truncation.",
  "compare.failure.unmeasured.instability":
    'Nothing to count: instability counts the cases × temperatures whose stability check (the "stable" assertion, in a suite file) failed, and no case the model answered has one.',
  "compare.failure.similarity": "The mean similarity between runs, the recommendation's: {figures}.",
  "compare.failure.unmeasured.ignored_role":
    "Nothing to measure: the model answered no case without sources that has its own system prompt.",
  "compare.answer.framing":
    'The opening sentence ("Răspuns extractiv (offline, …)", "extractive answer") is the offline model\'s fixed label, the same whatever the question: the assertions (length, content, language) judge only what follows it, so the word count in a reason may be lower than the text\'s above.',
  "compare.history.title": "Past comparisons",
  "compare.history.hint":
    "Your comparisons kept on the server, newest first (each user keeps their latest 100). Choose one to open it.",
  "compare.history.hintAdmin":
    "Every user's comparisons kept on the server, newest first; other people's say whose they are.",
  "compare.history.empty":
    "No past comparison yet: the ones you start appear here and stay after you close the page.",
  "compare.history.loading": "Loading past comparisons…",
  "compare.history.loadError": "The past comparisons could not be loaded: {message}",
  "compare.history.more": "Older",
  "compare.history.moreRetry": "Older: try again",
  "compare.history.moreError": "The older comparisons could not be loaded: {message}",
  "compare.history.shown": "Open now",
  "compare.history.delete": "Delete",
  "compare.history.deleteLabel": "Delete the comparison of {date}",
  "compare.history.confirm":
    "Delete the comparison of {date} ({suite})? Its answers and figures leave the server; downloaded files stay.",
  "compare.history.deleteError": "The comparison could not be deleted: {message}",
  "compare.history.status.running": "running",
  "compare.history.status.done": "finished",
  "compare.history.status.stopped": "stopped before the end",
  "compare.history.status.error": "failed",
  "compare.history.status.interrupted": "interrupted (its server stopped)",
  "compare.history.progress": "{done} of {answers}",
  "compare.history.best": "best: {model} ({pass} passed)",
  "compare.history.noBest": "no recommendation",
  "compare.history.ownerUser": "user: {name}",
  "compare.history.ownerGuest": "user: a guest",
  ...compareDiffEn,
};
