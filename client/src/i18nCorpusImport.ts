// The words of the corpus page's "Add texts" panel: the upload or feed, its preview, the mapping of its columns and
// the import's button, in Romanian and English; spread into the corpus page's dictionaries (./i18nCorpus.ts).

export const corpusImportRo = {
  "corpus.add.title": "Adaugă texte",
  "corpus.add.file": "Fișier",
  "corpus.add.feed": "Flux RSS/Atom",
  "corpus.add.fileHint":
    "CSV, TSV, XLSX, JSONL, TXT, RSS/Atom (XML) sau comentarii YouTube exportate cu yt-dlp (JSON); UTF-8, Windows-1250 sau ISO-8859-2. Cel mult {limit}.",
  "corpus.add.drop": "Trageți aici un fișier sau faceți clic pentru a-l alege",
  "corpus.add.uploading": "Se încarcă {name}… {percent}%",
  "corpus.add.reading": "Se citește fișierul…",
  "corpus.add.tooLarge":
    "Fișierul „{name}” are {size}, peste limita de {limit} (CORPUS_MAX_UPLOAD_MB). Împărțiți-l sau cereți mărirea limitei.",
  "corpus.add.feedUrl": "Adresa fluxului",
  "corpus.add.feedPlaceholder": "https://exemplu.ro/rss",
  "corpus.add.fetch": "Descarcă fluxul",
  "corpus.add.fetching": "Se descarcă fluxul (cel mult {seconds} s)…",
  "corpus.add.cancel": "Renunță",

  "corpus.preview.title": "Previzualizare: {name}",
  "corpus.preview.format": "Format",
  "corpus.preview.encoding": "Codificare",
  "corpus.preview.encodingAuto": "detectată ({method})",
  "corpus.preview.size": "Mărime",
  "corpus.preview.rows": "Primele rânduri",
  "corpus.preview.platformAs": "→ platforma",
  "corpus.preview.skipped":
    "Linii sărite ({reason}) printre cele citite: {lines}, de ex. linia {first}. Nu vor fi importate; raportul importului le numește pe toate.",
  "corpus.preview.documents": "Primele documente",
  "corpus.preview.noDocuments": "Nu am găsit documente în primele rânduri.",
  "corpus.preview.warnings": "Atenție",
  "corpus.preview.forceEncoding": "Citește ca",

  "corpus.map.title": "Ce conține fiecare coloană",
  "corpus.map.text": "Text (obligatoriu)",
  "corpus.map.id": "Id",
  "corpus.map.date": "Dată",
  "corpus.map.title2": "Titlu",
  "corpus.map.url": "Link",
  "corpus.map.none": "— niciuna —",
  "corpus.map.choose": "— alegeți —",
  "corpus.map.fixed":
    "Câmpuri fixe pentru acest format: text, titlu, dată, link și sursă sunt citite din fiecare element.",
  "corpus.map.needText": "Alegeți coloana cu textul.",
  "corpus.map.platform": "Platformă",
  "corpus.map.platformHint": "pentru toate înregistrările (implicit: {platform})",
  "corpus.map.platformColumnHint":
    "gol: fiecare rând primește platforma din coloana „{column}” (rândurile fără ea: {platform}); completat: aceeași pentru toate înregistrările",
  "corpus.map.source": "Sursă",
  "corpus.map.sourceHint": "pentru toate înregistrările (implicit: {source})",
  "corpus.map.sourceColumn": "coloana „{column}”",
  "corpus.map.collection": "Numele colecției",
  "corpus.map.collectionHint": "numele fișierului în corpus/raw și corpus/cleaned",
  "corpus.map.collectionBad": "Doar litere, cifre, punct, liniuță și liniuță jos.",
  "corpus.map.replaces": "Există deja colecția „{name}” ({documents}): importul o va înlocui.",
  "corpus.map.large":
    "Fișierul este mare ({size}): importul va dura. Estimare aproximativă: {time} pe un server liber, cu embedder-ul local (măsurat: 23 MB în circa 33 s); mai mult dacă serverul este ocupat, dacă indexul folosește un model de embedding al unui furnizor sau dacă corpusul este deja mare. Importul continuă pe server și dacă închideți pagina.",
  "corpus.map.largeSeconds": "circa {n} s",
  "corpus.map.largeMinutes": "circa {n} min",
  "corpus.import.start": "Importă, curăță și indexează",
};

export const corpusImportEn: Record<keyof typeof corpusImportRo, string> = {
  "corpus.add.title": "Add texts",
  "corpus.add.file": "File",
  "corpus.add.feed": "RSS/Atom feed",
  "corpus.add.fileHint":
    "CSV, TSV, XLSX, JSONL, TXT, RSS/Atom (XML) or YouTube comments exported with yt-dlp (JSON); UTF-8, Windows-1250 or ISO-8859-2. At most {limit}.",
  "corpus.add.drop": "Drop a file here or click to choose one",
  "corpus.add.uploading": "Uploading {name}… {percent}%",
  "corpus.add.reading": "Reading the file…",
  "corpus.add.tooLarge":
    'The file "{name}" is {size}, over the {limit} limit (CORPUS_MAX_UPLOAD_MB). Split it or ask for a higher limit.',
  "corpus.add.feedUrl": "Feed address",
  "corpus.add.feedPlaceholder": "https://example.com/rss",
  "corpus.add.fetch": "Fetch the feed",
  "corpus.add.fetching": "Fetching the feed (at most {seconds} s)…",
  "corpus.add.cancel": "Cancel",

  "corpus.preview.title": "Preview: {name}",
  "corpus.preview.format": "Format",
  "corpus.preview.encoding": "Encoding",
  "corpus.preview.encodingAuto": "detected ({method})",
  "corpus.preview.size": "Size",
  "corpus.preview.rows": "First rows",
  "corpus.preview.platformAs": "→ platform",
  "corpus.preview.skipped":
    "Lines skipped ({reason}) among those read: {lines}, e.g. line {first}. They will not be imported; the import's report names them all.",
  "corpus.preview.documents": "First documents",
  "corpus.preview.noDocuments": "No documents were found in the first rows.",
  "corpus.preview.warnings": "Note",
  "corpus.preview.forceEncoding": "Read as",

  "corpus.map.title": "What each column holds",
  "corpus.map.text": "Text (required)",
  "corpus.map.id": "Id",
  "corpus.map.date": "Date",
  "corpus.map.title2": "Title",
  "corpus.map.url": "Link",
  "corpus.map.none": "— none —",
  "corpus.map.choose": "— choose —",
  "corpus.map.fixed":
    "Fixed fields for this format: text, title, date, link and source are read from each item.",
  "corpus.map.needText": "Choose the column with the text.",
  "corpus.map.platform": "Platform",
  "corpus.map.platformHint": "for every record (default: {platform})",
  "corpus.map.platformColumnHint":
    'empty: each row gets its platform from the "{column}" column (rows without one: {platform}); filled in: the same for every record',
  "corpus.map.source": "Source",
  "corpus.map.sourceHint": "for every record (default: {source})",
  "corpus.map.sourceColumn": 'the "{column}" column',
  "corpus.map.collection": "Collection name",
  "corpus.map.collectionHint": "the file's name in corpus/raw and corpus/cleaned",
  "corpus.map.collectionBad": "Only letters, digits, dot, hyphen and underscore.",
  "corpus.map.replaces": 'A collection "{name}" exists ({documents}): the import will replace it.',
  "corpus.map.large":
    "This file is large ({size}): the import will take a while. A rough estimate: {time} on an idle server with the local embedder (measured: 23 MB in about 33 s); longer when the server is busy, when the index uses a provider's embedding model, or when the corpus is already large. The import goes on on the server if you close the page.",
  "corpus.map.largeSeconds": "about {n} s",
  "corpus.map.largeMinutes": "about {n} min",
  "corpus.import.start": "Import, clean and index",
};
