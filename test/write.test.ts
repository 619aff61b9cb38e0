/**
 * How openapi.json reaches the disk (transformer/write.ts): atomically, and
 * not at all when it holds the text already, so that a file watcher or a
 * `git status` sees no change for an unchanged spec.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../transformer/write";
import { temporaryProject } from "./support/project";

/** Runs `body` with a fresh folder, removed afterwards. */
function inFolder(body: (dir: string) => void): void {
  const folder = temporaryProject({}, "callspec-write-");
  try {
    body(folder.dir);
  } finally {
    folder.remove();
  }
}

/** About 300 KB of text, with a four-byte character astride the first 64 KiB boundary, where the old file's chunks are split. */
function largeText(): string {
  let text = `"${"a".repeat(65_533)}🦀`;
  while (text.length < 300_000) text += `{"description": "Größe ${text.length} 🦀"}\n`;
  return text;
}

test("writes the file, creating its folder, and leaves no temporary file", () =>
  inFolder((dir) => {
    const file = path.join(dir, "dist", "openapi.json");
    writeFileAtomic(file, "{}\n");
    assert.is(fs.readFileSync(file, "utf8"), "{}\n");
    assert.equal(fs.readdirSync(path.dirname(file)), ["openapi.json"]);
  }),
);

test("an unchanged file is left alone: same inode, same modification time", () =>
  inFolder((dir) => {
    const file = path.join(dir, "openapi.json");
    const text = largeText();
    writeFileAtomic(file, text);
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(file, past, past);
    const before = fs.statSync(file);
    writeFileAtomic(file, text);
    const after = fs.statSync(file);
    assert.is(after.ino, before.ino);
    assert.is(after.mtimeMs, before.mtimeMs);
  }),
);

test("a change of the same size is written, wherever it is in the file", () =>
  inFolder((dir) => {
    const file = path.join(dir, "openapi.json");
    const text = largeText();
    // The first character, the two either side of the one astride the first chunk's end, one far in, the last.
    for (const at of [0, 65_533, 65_536, 200_000, text.length - 1]) {
      writeFileAtomic(file, text);
      const changed = text.slice(0, at) + (text[at] === "x" ? "y" : "x") + text.slice(at + 1);
      assert.is(Buffer.byteLength(changed), Buffer.byteLength(text), `the character at ${at} is one byte`);
      writeFileAtomic(file, changed);
      assert.ok(fs.readFileSync(file, "utf8") === changed, `a change at ${at} was not written`);
    }
    // One more byte at the end, then one fewer.
    writeFileAtomic(file, text + " ");
    assert.ok(fs.readFileSync(file, "utf8") === text + " ");
    writeFileAtomic(file, text);
    assert.ok(fs.readFileSync(file, "utf8") === text);
  }),
);

test.run();
