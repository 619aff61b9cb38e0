import fs from "node:fs";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { createHash } from "node:crypto";
import type { OpenAPIV3_1 } from "openapi-types";
import { PIECE_DEPTH, type DocumentMemo } from "./document-memo";

/**
 * The canonical text of a document: two-space indent, trailing newline. Key
 * order is set when it is built. With a `memo` (a watch rebuild), the same
 * text made piece by piece: the text of each entry of `paths`, `webhooks`
 * and `components.schemas`, else of each operation in a path item, is the
 * one the memo kept, when it kept one (document-memo.ts).
 */
export function canonicalJson(document: OpenAPIV3_1.Document, memo?: DocumentMemo): string {
  if (!memo) return JSON.stringify(document, null, 2) + "\n";
  // Every piece into one list, joined once: joining at each level copied the megabytes once per level.
  const out: string[] = [];
  const operation = (into: string[], value: unknown): boolean => {
    const text = isObject(value) ? memo.text(value, () => indented(value, PIECE_DEPTH)) : indented(value, PIECE_DEPTH);
    if (text === undefined) return false;
    into.push(text);
    return true;
  };
  // An entry's text (`"/items": { "get": … }`, `"Item": {…}`) is the last run's when made of the same objects: a
  // rebuild then makes no new strings for it (each would live until the join, and be copied by every collection).
  const entry = (depth: number, key: string, parts: readonly unknown[], writeValue: (into: string[]) => boolean): boolean => {
    const make = () => {
      const into = [keyText(depth, key)];
      return writeValue(into) ? into.join("") : undefined;
    };
    const text = parts.length > 0 && parts.every(isObject) ? memo.entryText(key, parts, make) : make();
    if (text === undefined) return false;
    out.push(text);
    return true;
  };
  const pathItem = (key: string, item: unknown) =>
    entry(2, key, isPlainObject(item) ? Object.values(item) : [], (into) => writeObject(into, item, 2, (method, value) => keyed(into, 3, method, () => operation(into, value))));
  // A schema's text lives in its entry only: the entry goes only with the schema or its name (when every text is forgotten).
  const schema = (name: string, value: unknown) => entry(3, name, [value], (into) => write(into, value, PIECE_DEPTH));
  writeObject(out, document, 0, (key, value) =>
    keyed(out, 1, key, () => {
      if (key === "paths" || key === "webhooks") return writeObject(out, value, 1, pathItem);
      if (key === "components") return writeObject(out, value, 1, (inner, schemas) => keyed(out, 2, inner, () => (inner === "schemas" ? writeObject(out, schemas, 2, schema) : write(out, schemas, 2))));
      return write(out, value, 1);
    }),
  );
  out.push("\n");
  return out.join("");
}

/**
 * The digest of a document's canonical text: `sha256-` and the base64 of its
 * SHA-256, as `sha256sum openapi.json` would give it in hex. The App's file
 * carries it (splice.ts), so that a build can tell which document that file
 * holds (app-file.ts).
 */
export function documentDigest(text: string): string {
  return `sha256-${createHash("sha256").update(text).digest("base64")}`;
}

/** What the file of an App built while Callspec reported errors carries instead (it has no document): the digest of no text. */
export const NO_DOCUMENT_DIGEST = documentDigest("");

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

/** What JSON.stringify writes as an object of keys: not an array, nor what has a `toJSON`. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return isObject(value) && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

const INDENTS = Array.from({ length: PIECE_DEPTH + 2 }, (_, depth) => " ".repeat(2 * depth));
/** The line that closes an object `depth` levels down. */
const CLOSINGS = INDENTS.map((indent) => `\n${indent}}`);

/** `"key": ` on its own line, `depth` levels in. */
function keyText(depth: number, key: string): string {
  return `${INDENTS[depth]}${JSON.stringify(key)}: `;
}

/** Pushes `"key": ` and then the value `writeValue` pushes (false: left out). */
function keyed(out: string[], depth: number, key: string, writeValue: () => boolean): boolean {
  out.push(keyText(depth, key));
  return writeValue();
}

/**
 * `JSON.stringify(value, null, 2)` as it reads `depth` levels down: strings
 * hold no raw line breaks, so every line moves right alike. By split and
 * join, whose result is one flat string: `replaceAll` gives a tree of
 * pieces, which every join of the document walked again (eight times slower).
 */
function indented(value: unknown, depth: number): string | undefined {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  return text === undefined || depth === 0 ? text : text.split("\n").join(`\n${INDENTS[depth]}`);
}

/** Pushes `indented(value, depth)`; false when JSON.stringify would leave the value out (undefined, a function). */
function write(out: string[], value: unknown, depth: number): boolean {
  const text = indented(value, depth);
  if (text === undefined) return false;
  out.push(text);
  return true;
}

/**
 * Pushes an object as `JSON.stringify(…, null, 2)` writes it `depth` levels
 * down, each entry (`"key": value`, indented) pushed by `writeEntry`; false
 * from it leaves the entry out, as JSON.stringify leaves out undefined and
 * functions. Anything but a plain object is written as JSON.stringify writes it.
 */
function writeObject(out: string[], value: unknown, depth: number, writeEntry: (key: string, value: unknown) => boolean): boolean {
  if (!isPlainObject(value)) return write(out, value, depth);
  const open = out.push("{") - 1;
  let empty = true;
  for (const key of Object.keys(value)) {
    const mark = out.length;
    out.push(empty ? "\n" : ",\n");
    if (writeEntry(key, value[key])) empty = false;
    else out.length = mark;
  }
  if (empty) out[open] = "{}";
  else out.push(CLOSINGS[depth]!);
  return true;
}

/**
 * Writes `text` to `file` atomically (a temporary file in the same folder, then
 * a rename), so a reader or a failed build never sees half a spec. An
 * unchanged file is left alone, which keeps watchers quiet.
 */
export function writeFileAtomic(file: string, text: string): void {
  if (unchanged(file, text)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** How much of a file is read at a time (`readInChunks`). */
const CHUNK = 1 << 16;

/**
 * Whether `file` holds `text` already: read only when the sizes agree, and
 * then a chunk at a time, since reading a large document whole (megabytes,
 * as a buffer and as a string) came at the build's peak of memory.
 */
function unchanged(file: string, text: string): boolean {
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
  if (size !== Buffer.byteLength(text)) return false;
  // A character split between two chunks is decoded whole with the next one.
  const decoder = new StringDecoder("utf8");
  let offset = 0;
  let same = true;
  readInChunks(file, (bytes) => {
    const part = decoder.write(bytes);
    same = text.startsWith(part, offset);
    offset += part.length;
    return same;
  });
  if (!same) return false;
  const rest = decoder.end();
  return text.startsWith(rest, offset) && offset + rest.length === text.length;
}

/**
 * Gives `file`'s bytes to `visit` a chunk at a time, until it returns false
 * or the file ends; the chunk's memory is used again for the next. Throws
 * as `fs.openSync` does.
 */
export function readInChunks(file: string, visit: (bytes: Buffer) => boolean): void {
  const fd = fs.openSync(file, "r");
  try {
    const chunk = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const read = fs.readSync(fd, chunk, 0, CHUNK, null);
      if (read === 0 || !visit(chunk.subarray(0, read))) return;
    }
  } finally {
    fs.closeSync(fd);
  }
}
