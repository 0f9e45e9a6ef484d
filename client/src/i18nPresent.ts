// The words of the presenter's join card (./components/JoinCard.tsx: "Cum intrați", the address, the access code and
// a QR code for the room), in Romanian (default) and English; spread into the dictionaries of i18n.ts. Keys start
// with "present.join.".

export const presentRo = {
  "present.join.open": "Cum intrați",
  "present.join.openLabel": "Cum intrați: adresa și codul de acces, pe tot ecranul, pentru sală",
  "present.join.title": "Cum intrați",
  "present.join.address": "Deschideți în browser",
  "present.join.otherAddresses": "sau",
  "present.join.code": "Codul de acces",
  "present.join.noCode": "Nu trebuie niciun cod.",
  "present.join.accounts": "Intrați cu contul primit de la profesor.",
  "present.join.qr": "Cod QR cu adresa {url}",
  "present.join.qrCaption": "sau scanați cu telefonul",
  "present.join.close": "Închide",
  "present.join.loading": "Se citește adresa…",
  "present.join.failed": "Adresa nu a putut fi citită: {message}",
  "present.join.loopback":
    "Adresa aceasta se deschide doar pe acest calculator. Pentru o sală, porniți serverul cu HOST=0.0.0.0.",
  "present.join.openToAll":
    "Fără cod de acces (AUTH=off), oricine deschide adresa poate face tot ce faceți dvs. Pentru o sală, porniți serverul cu AUTH=code.",
};

export const presentEn: Record<keyof typeof presentRo, string> = {
  "present.join.open": "How to join",
  "present.join.openLabel": "How to join: the address and the access code, full screen, for the room",
  "present.join.title": "How to join",
  "present.join.address": "Open in your browser",
  "present.join.otherAddresses": "or",
  "present.join.code": "Access code",
  "present.join.noCode": "No code needed.",
  "present.join.accounts": "Log in with the account your teacher gave you.",
  "present.join.qr": "QR code of the address {url}",
  "present.join.qrCaption": "or scan it with your phone",
  "present.join.close": "Close",
  "present.join.loading": "Reading the address…",
  "present.join.failed": "The address could not be read: {message}",
  "present.join.loopback":
    "This address opens on this computer only. For a room, start the server with HOST=0.0.0.0.",
  "present.join.openToAll":
    "Without an access code (AUTH=off), whoever opens the address can do everything you can. For a room, start the server with AUTH=code.",
};
