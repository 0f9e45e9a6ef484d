// The UI's words for attachments (a pasted long text or a text file on a chat message), in Romanian and English;
// merged into the dictionaries of i18n.ts, so their keys are MessageKeys like any other.

export const attachmentsRo = {
  "attach.button": "Atașați un fișier text (.txt, .md, .csv)",
  "attach.drop": "Plasați fișierul aici",
  "attach.pastedName": "text lipit",
  "attach.chip": "{name} · {chars}",
  "attach.remove": "Eliminați atașamentul {name}",
  "attach.reading": "Se citește fișierul…",
  "attach.hint": "Textul atașat se caută la fiecare întrebare din conversație; răspunsul îl citează [n].",
  "attach.pasted": "Textul lipit ({chars}) a devenit atașament.",
  "attach.error.empty": "„{name}” este gol: nu are ce atașa.",
  "attach.error.binary": "„{name}” nu este un fișier text. Atașați un fișier .txt, .md sau .csv.",
  "attach.error.tooLong": "„{name}” are {length}; limita unui atașament este {limit}.",
  "attach.error.tooMany": "Cel mult {limit} atașamente la un mesaj.",
  "attach.error.tooBig": "„{name}” are {size}: prea mare pentru un atașament (cel mult {limit}).",
  "attach.error.unreadable": "„{name}” nu a putut fi citit.",
  "attach.messageLabel": "Atașamente",
  "sources.attachment": "text atașat",
  "sources.attachmentPassage": "text atașat · pasajul {n}",
};

export const attachmentsEn: Record<keyof typeof attachmentsRo, string> = {
  "attach.button": "Attach a text file (.txt, .md, .csv)",
  "attach.drop": "Drop the file here",
  "attach.pastedName": "pasted text",
  "attach.chip": "{name} · {chars}",
  "attach.remove": "Remove the attachment {name}",
  "attach.reading": "Reading the file…",
  "attach.hint":
    "The attached text is searched for every question of the conversation; the answer cites it [n].",
  "attach.pasted": "The pasted text ({chars}) became an attachment.",
  "attach.error.empty": '"{name}" is empty: nothing to attach.',
  "attach.error.binary": '"{name}" is not a text file. Attach a .txt, .md or .csv file.',
  "attach.error.tooLong": '"{name}" has {length}; an attachment\'s limit is {limit}.',
  "attach.error.tooMany": "At most {limit} attachments to a message.",
  "attach.error.tooBig": '"{name}" is {size}: too large for an attachment (at most {limit}).',
  "attach.error.unreadable": '"{name}" could not be read.',
  "attach.messageLabel": "Attachments",
  "sources.attachment": "attached text",
  "sources.attachmentPassage": "attached text · passage {n}",
};
