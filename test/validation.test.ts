/**
 * Validation errors of unions, in FastAPI's shape. The transformer writes a
 * named type as a `$ref` into the route's components, and an anonymous one
 * inline: both must read the same to a client.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createValidator } from "../runtime/validation";
import type { JsonSchema } from "../runtime/compiled";

const Dog: JsonSchema = { type: "object", properties: { name: { type: "string" }, barks: { type: "boolean" } }, required: ["name"] };
const Cat: JsonSchema = { type: "object", properties: { name: { type: "string" }, meows: { type: "boolean" } }, required: ["meows"] };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const NULL = { type: "null" };
const components: Record<string, JsonSchema> = {
  Dog,
  Cat,
  Owner: { type: "object", properties: { pet: { anyOf: [ref("Dog"), ref("Cat")] } }, required: ["pet"] },
};

/** The 422 details of `value` as a body of type `schema`. */
function issues(schema: JsonSchema, value: unknown) {
  return createValidator()(schema, components)(value, ["body"]);
}

test("`Dog | null` given {} reports Dog's missing field alone, as the same union written inline does", () => {
  const expected = [{ type: "missing", loc: ["body", "name"], msg: "Field required", input: {} }];
  assert.equal(issues({ anyOf: [ref("Dog"), NULL] }, {}), expected);
  assert.equal(issues({ anyOf: [Dog, NULL] }, {}), expected);
});

test("`Dog | null` given 5 reports that Dog wants an object, nothing about null", () => {
  assert.equal(issues({ anyOf: [ref("Dog"), NULL] }, 5), [{ type: "dict_type", loc: ["body"], msg: "Input should be a valid dictionary or object", input: 5 }]);
});

test("`Dog | Cat` reports one union_type issue listing each branch's first problem, as inline branches do", () => {
  const expected = [{ type: "union_type", loc: ["body"], msg: "Input should match one of the allowed forms: Input should be a valid string; Field required", input: { name: 1 } }];
  assert.equal(issues({ anyOf: [ref("Dog"), ref("Cat"), NULL] }, { name: 1 }), expected);
  assert.equal(issues({ anyOf: [Dog, Cat, NULL] }, { name: 1 }), expected);
});

test("a union of named types inside a named type reports at the field, once", () => {
  assert.equal(issues({ anyOf: [ref("Owner"), NULL] }, { pet: {} }), [
    { type: "union_type", loc: ["body", "pet"], msg: "Input should match one of the allowed forms: Field required; Field required", input: {} },
  ]);
});

test("problems outside the union are kept, in order", () => {
  const schema = { type: "object", properties: { pet: { anyOf: [ref("Dog"), NULL] }, age: { type: "integer" } }, required: ["pet", "age"] };
  assert.equal(issues(schema, { pet: { name: 2 }, age: "x" }), [
    { type: "string_type", loc: ["body", "pet", "name"], msg: "Input should be a valid string", input: 2 },
    { type: "int_parsing", loc: ["body", "age"], msg: "Input should be a valid integer, unable to parse string as an integer", input: "x" },
  ]);
});

test.run();
