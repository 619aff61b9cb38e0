/** A handler's name becomes the operation's summary, as FastAPI words it. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { nameInWords } from "../transformer/words";

test("snake_case and camelCase both give FastAPI's summary", () => {
  assert.is(nameInWords("create_invoice"), "Create Invoice");
  assert.is(nameInWords("createInvoice"), "Create Invoice");
  assert.is(nameInWords("CreateInvoice"), "Create Invoice");
});

test("acronyms stay whole, digits stay with their word", () => {
  assert.is(nameInWords("getHTTPStatus"), "Get HTTP Status");
  assert.is(nameInWords("list_v2_items"), "List V2 Items");
  assert.is(nameInWords("read"), "Read");
});

test.run();
