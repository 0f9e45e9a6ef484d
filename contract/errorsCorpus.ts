// The messages of the corpus page's errors (uploads, feeds, imports, removals, the catalog, starters), part of
// ./errors.ts's table, and the other wordings a code can be said in, chosen by the thrower's `variant`.
import type { Lang } from "./lang";

export const CORPUS_MESSAGES = {
  "corpus:upload_too_large": {
    ro: "Fișierul este prea mare: limita este {limit} (CORPUS_MAX_UPLOAD_MB). Împărțiți-l sau cereți mărirea limitei.",
    en: "The file is too large: the limit is {limit} (CORPUS_MAX_UPLOAD_MB). Split it or ask for a higher limit.",
  },
  "corpus:empty": { ro: "Fișierul „{file}” este gol.", en: 'The file "{file}" is empty.' },
  "corpus:binary": {
    ro: "Fișierul „{file}” pare binar ({detail}), nu text. Încărcați CSV, TSV, XLSX, JSONL, TXT, RSS/Atom sau comentarii YouTube (yt-dlp).",
    en: 'The file "{file}" looks binary ({detailEn}), not text. Upload CSV, TSV, XLSX, JSONL, TXT, RSS/Atom or YouTube comments (yt-dlp).',
  },
  "corpus:wrong_type": {
    ro: "Formatul fișierului „{file}” nu este recunoscut ({detail}). Formate acceptate: CSV, TSV, XLSX, JSONL, TXT, RSS/Atom, comentarii YouTube (yt-dlp).",
    en: 'The format of "{file}" is not recognised ({detailEn}). Accepted: CSV, TSV, XLSX, JSONL, TXT, RSS/Atom, YouTube comments (yt-dlp).',
  },
  "corpus:encoding_unknown": {
    ro: "Nu am putut recunoaște codificarea fișierului „{file}”: citit ca {encoding}, textul nu arată a text în română. Alegeți codificarea de mână sau salvați fișierul ca UTF-8.",
    en: 'The encoding of "{file}" could not be recognised: read as {encoding}, the text does not look like Romanian. Choose the encoding by hand or save the file as UTF-8.',
  },
  "corpus:encoding": {
    ro: "Codificarea „{encoding}” nu este acceptată. Folosiți utf-8, windows-1250, iso-8859-2, iso-8859-16 sau windows-1252.",
    en: 'The encoding "{encoding}" is not supported. Use utf-8, windows-1250, iso-8859-2, iso-8859-16 or windows-1252.',
  },
  "corpus:invalid_file": {
    ro: "Fișierul „{file}” nu poate fi citit: {detail}",
    en: 'The file "{file}" cannot be read: {detail}',
  },
  "corpus:whole_file_too_large": {
    ro: "Fișierul „{file}” are {size}; fișierele {format} se citesc întregi și sunt acceptate până la {limit}. Împărțiți-l sau convertiți-l în JSONL.",
    en: 'The file "{file}" is {sizeEn}; {format} files are read whole and accepted up to {limitEn}. Split it or convert it to JSONL.',
  },
  "corpus:no_text_column": {
    ro: "Nu am găsit o coloană de text în „{file}”. Alegeți-o din listă. Coloane: {available}.",
    en: 'No text column was found in "{file}". Choose it from the list. Columns: {available}.',
  },
  "corpus:column_missing": {
    ro: "Coloana „{column}” nu există în fișier. Coloane: {available}.",
    en: 'The column "{column}" is not in the file. Columns: {available}.',
  },
  "corpus:no_records": {
    ro: "Fișierul „{file}” nu conține nicio înregistrare cu text ({detail}).",
    en: 'The file "{file}" holds no record with text ({detailEn}).',
  },
  "corpus:all_dropped": {
    ro: "Curățarea a eliminat {records} din „{file}” ({reasons}), deci nu s-a importat nimic. {hint}",
    en: 'Cleaning dropped {recordsEn} of "{file}" ({reasonsEn}), so nothing was imported. {hintEn}',
  },
  "corpus:feed_url": {
    ro: "Adresa „{url}” nu este o adresă http(s) validă.",
    en: 'The address "{url}" is not a valid http(s) address.',
  },
  "corpus:feed_unreachable": {
    ro: "Fluxul de la {host} nu poate fi descărcat: rețeaua sau serverul nu răspunde ({detail}). Verificați conexiunea la internet și adresa.",
    en: "The feed at {host} cannot be fetched: the network or the server does not answer ({detail}). Check the internet connection and the address.",
  },
  "corpus:feed_timeout": {
    ro: "Fluxul de la {host} nu a răspuns în {seconds} s. Încercați din nou mai târziu sau descărcați-l și încărcați fișierul.",
    en: "The feed at {host} did not answer within {seconds} s. Try again later, or download it and upload the file.",
  },
  "corpus:feed_too_large": {
    ro: "Fluxul de la {host} depășește {limit} (CORPUS_FEED_MAX_MB).",
    en: "The feed at {host} is larger than {limit} (CORPUS_FEED_MAX_MB).",
  },
  "corpus:feed_http": {
    ro: "Serverul {host} a răspuns cu eroarea HTTP {status} pentru flux.",
    en: "The server {host} answered the feed request with HTTP {status}.",
  },
  "corpus:not_a_feed": {
    ro: "Adresa {host} nu întoarce un flux RSS sau Atom ({detail}).",
    en: "The address {host} does not return an RSS or Atom feed ({detailEn}).",
  },
  "corpus:collection_not_found": {
    ro: "Colecția „{name}” nu există în corpus.",
    en: 'The collection "{name}" is not in the corpus.',
  },
  "corpus:document_not_found": {
    ro: "Documentul nu există în corpus.",
    en: "The document is not in the corpus.",
  },
  "corpus:removed_lines_missing": {
    ro: "Documentul „{title}” din colecția „{collection}” nu mai poate fi pus înapoi: liniile lui din dosarul removed/ al corpusului nu mai există. Îl puteți doar scoate din registrul ștergerilor (butonul „Scoate din registru”); apoi, reimportat, fișierul lui îl aduce înapoi.",
    en: 'The document "{title}" of the collection "{collection}" cannot be put back: its lines are no longer in the corpus\'s removed/ folder. You can only take it out of the removal ledger (the "Take out of the ledger" button); then the same file imported again brings it back.',
  },
  "corpus:busy": {
    ro: "O altă schimbare a corpusului este în curs sau așteaptă. Așteptați să se termine, apoi încercați din nou.",
    en: "Another change to the corpus is running or waiting. Wait for it to finish, then try again.",
  },
  "corpus:import_not_found": { ro: "Importul nu există.", en: "The import does not exist." },
  "corpus:catalog_missing": {
    ro: "Documentele corpusului se pregătesc pentru căutare; reveniți în câteva secunde.",
    en: "The corpus's documents are being prepared for browsing; come back in a few seconds.",
  },
  "corpus:run_not_found": {
    ro: "Rularea de adnotare nu există sau nu este peste corpus.",
    en: "The annotation run does not exist or is not over the corpus.",
  },
  "corpus:starters_too_many": {
    ro: "Cel mult {limit} întrebări de pornire; ați trimis {count}. Ștergeți câteva.",
    en: "At most {limit} starter questions; you sent {count}. Remove some.",
  },
  "corpus:starter_empty": {
    ro: "Întrebarea de pornire {n} nu are {field} în română.",
    en: "Starter question {n} has no Romanian {fieldEn}.",
  },
  "corpus:starter_label_too_long": {
    ro: "Eticheta întrebării de pornire {n}{lang} este prea lungă (maximum {limit:caracter|caractere}; are {length:#}).",
    en: "The label of starter question {n}{langEn} is too long (at most {limit:character|characters}; it has {length:#}).",
  },
  "corpus:starter_too_long": {
    ro: "Întrebarea de pornire {n}{lang} este prea lungă pentru chat (maximum {limit:caracter|caractere}, MAX_MESSAGE_CHARS; are {length:#}).",
    en: "Starter question {n}{langEn} is too long for the chat (at most {limit:character|characters}, MAX_MESSAGE_CHARS; it has {length:#}).",
  },
} satisfies Record<string, Record<Lang, string>>;

/**
 * Other wordings of a code, chosen by the thrower's `variant` parameter: the same code (which clients act on) said for
 * another situation. `corpus:catalog_missing` is answered to a member, who cannot have the catalog built
 * (`ask_teacher`), and to a keyword draw whose catalog a new index replaced meanwhile (`changed`).
 */
export const MESSAGE_VARIANTS: Record<string, Record<string, Record<Lang, string>>> = {
  "corpus:document_not_found": {
    // A restore (POST /removed/:id/restore) of an id the removal ledger does not hold.
    not_removed: {
      ro: "Documentul nu este printre documentele șterse (poate a fost deja pus înapoi).",
      en: "The document is not among the deleted documents (it may have been put back already).",
    },
  },
  "corpus:catalog_missing": {
    ask_teacher: {
      ro: "Documentele corpusului nu sunt încă pregătite pentru căutare, iar pregătirea lor o pornește doar un administrator. Rugați profesorul să deschidă pagina Corpus, apoi încercați din nou.",
      en: "The corpus's documents are not prepared for searching yet, and only an administrator can start preparing them. Ask the teacher to open the Corpus page, then try again.",
    },
    changed: {
      ro: "Corpusul s-a schimbat (un index nou) cât timp se extrăgeau textele, așa că setul de date nu a fost făcut. Încercați din nou.",
      en: "The corpus changed (a new index) while the texts were being drawn, so the data set was not made. Try again.",
    },
  },
};
