// Password hashing with scrypt from node:crypto: memory-hard (each hash needs 128 MiB, which makes guessing on
// GPUs costly), built into Node, so nothing native to build or download. Parameters are OWASP's for scrypt
// (N=2^17, r=8, p=1) and are stored with each hash, so they can be raised later without breaking old ones.
import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import pLimit from "p-limit";

const LOG_N = 17;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** At most two hashes at once: 2 × 128 MiB, whatever a crowd at the login page does. */
const hashing = pLimit(2);

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return hashing(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize("NFC"), salt, KEY_BYTES, options, (err, key) =>
          err ? reject(err) : resolve(key),
        ),
      ),
  );
}

/** `scrypt$17$8$1$<salt>$<hash>` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, LOG_N, R, P);
  return ["scrypt", LOG_N, R, P, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** True when the password matches the stored hash (compared in constant time); false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, logN, r, p, salt, hash] = stored.split("$");
  if (algorithm !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await derive(password, Buffer.from(salt, "base64url"), Number(logN), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** No look-alikes (0/O, 1/l/I): passwords are read off a screen or a sheet of paper. */
const ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A new account's password (the users CLI and the "Conturi" page): 14 characters, about 81 bits. */
export function generatePassword(length = 14): string {
  return Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
}

let decoy: Promise<string> | undefined;

/**
 * Spends the time of one verification for a name that has no account, so that the answer's delay does not tell
 * which names exist.
 */
export async function verifyDecoy(password: string): Promise<false> {
  await verifyPassword(password, await (decoy ??= hashPassword("decoy")));
  return false;
}
