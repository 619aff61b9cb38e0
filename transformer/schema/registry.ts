import ts from "typescript";
import type * as TJS from "typescript-json-schema";
import { typescriptJsonSchema } from "../single-typescript";
import { Code, diagnosticAt, where, withRelated } from "../diagnostics";
import { VALIDATION_COMPONENTS } from "../validation-error";
import { literalValue } from "../literals";
import type { RuntimeSymbols } from "../runtime-symbols";
import { brandedSchema } from "./brands";
import { jsDocAnnotations, misappliedTags, NO_KEYWORDS } from "./jsdoc";
import { namedType, qualifiedNames, TypeSpeller, type NamedType } from "./names";
import { COMPONENTS, isEmpty, normalize, referenceKeys, type JsonSchema } from "./normalize";
import { PROTOTYPE_KEY_REFUSED, refusedConstructorKey, whyNotJson } from "./not-json";
import { intersectionShape, objectShape } from "./objects";
import {
  anyShape,
  arrayShape,
  dateShape,
  literalShape,
  primitiveShape,
  templateLiteralShape,
  toJsonShape,
  tupleShape,
  type SchemaContext,
  type Shape,
} from "./shapes";
import { componentIdentity, type DerivedBinding, type DerivedComponent, type Identity, type KeptReference, type Reuse } from "./reuse";
import { ABSENT, isLibraryFile, isLibrarySymbol, typeDeclaration, unwrapPromiseNode } from "./types";
import { unionShape } from "./unions";

/** The private surface of typescript-json-schema's generator that we build on. */
interface Generator {
  getTypeDefinition(type: ts.Type, asRef?: boolean, unionModifier?: string, prop?: ts.Symbol, reffedType?: ts.Symbol, pairedSymbol?: ts.Symbol, forceNotRef?: boolean, ignoreUndefined?: boolean): JsonSchema;
  getTypeName(type: ts.Type): string;
  getDefinitionForProperty(property: ts.Symbol, node: ts.Node): JsonSchema | null;
  parseCommentsIntoDefinition(symbol: ts.Symbol | undefined, definition: JsonSchema, other: Record<string, true>): void;
}

/** The shapes, tried in order: the first that supports a type renders it. */
const SHAPES: readonly Shape[] = [
  anyShape,
  primitiveShape,
  literalShape,
  dateShape,
  toJsonShape,
  unionShape,
  tupleShape,
  arrayShape,
  templateLiteralShape,
  intersectionShape,
  objectShape,
];

/** How deep types may nest: deeper is a generic type that grows without end (`Grow<T> { next: Grow<T[]> }`). */
export const MAX_DEPTH = 64;

/**
 * How many components may be derived one inside another before the next
 * declared one waits (`#component`). Each may nest its own inline types up to
 * MAX_DEPTH deep, so the stack holds up to about MAX_NESTING × MAX_DEPTH
 * levels of types, plus the route's own. Measured within Node's default
 * stack: chains of 1000 components nesting 20 inline levels each, of 200
 * nesting 40, and of 40 nesting 62 under a route 62 levels deep.
 */
const MAX_NESTING = 8;

/** Refs point at a provisional key until `publish` gives every component its final name. */
const PROVISIONAL = "~";
/** How a reference to a component begins while its key is provisional. */
const PROVISIONAL_REF = COMPONENTS + PROVISIONAL;

/** A non-generic component's type arguments. */
const NO_ARGS: readonly ts.Type[] = [];

/**
 * What a rendering notes as it goes, for the next Program (reuse.ts): a
 * component's, or a route binding's top level (`tracked`).
 */
interface Frame {
  /** The components met while rendering it, in order (reuse.ts: rendering it again meets them in this order). */
  met: Component[];
  /** Whether the next Program may reuse it: it rendered without a diagnostic, and `met` followed all it met. */
  reusable: boolean;
  /** The depth its rendering started at, and how much deeper it went (an instance's counts on from where it is met). */
  start: number;
  height: number;
  /** A binding's: the depth each of `met` was met at. */
  depths?: number[];
}

/** A route binding's top level as `tracked` saw it (opaque outside the registry). */
export type TrackedBinding = Readonly<Frame>;

/**
 * A binding for `derivation` to keep: its value (the objects, whose schemas
 * came from `schemaFor`), how it was tracked, where an instance of a generic
 * type it met is written (its type node), and the callback keys checked
 * against it; or the binding a previous Program kept, revived.
 */
export type KeptBinding = { value: unknown; tracked: TrackedBinding; locate: (type: ts.Type) => ts.TypeNode | undefined; callbackKeys: Map<string, string> } | DerivedBinding;

interface Component extends Frame {
  key: string;
  /** Its `$ref` while its key is provisional: one string, shared by every reference to it. */
  ref: string;
  /** Its type; undefined for one a revival found again (`Found`), until asked for (`#typeOf`) or met by it (`#typedNow`). */
  type?: ts.Type;
  /** Where such an instance is written, to find its type. */
  written?: ts.TypeNode;
  named: NamedType;
  /** Normalized as soon as it is rendered: every document and route shares it (and `publish` renames its refs once). */
  schema?: JsonSchema;
  /** Its identity across Programs (reuse.ts), if it has one. */
  identity?: Identity;
  /** How a previous Program derived it, when it was reused. */
  derived?: DerivedComponent;
}

/**
 * A component a revival finds again in a new Program (reuse.ts): how it is
 * named and its identity, known from its symbols alone, since their files
 * did not change (each type argument of an identity is the type its symbol
 * declares). Its type is asked of the checker only if it is rendered afresh
 * or a diagnostic needs it: the type its symbol declares, or for an instance
 * of a generic type, the type where the handler's signature `written` it.
 */
interface Found {
  named: NamedType;
  identity: Identity;
  written?: ts.TypeNode;
}

/** Whether two instances of one generic type derived the same schema (refs compared by provisional key). */
function sameSchema(a: Component, b: Component): boolean {
  return a.schema !== undefined && JSON.stringify(a.schema) === JSON.stringify(b.schema);
}

/** Where a schema is being derived: what a diagnostic points at and how it says what has the type. */
interface Site {
  node: ts.Node;
  /** The type, or how to find it (a revived binding's instance, found only if a diagnostic needs it). */
  type: ts.Type | (() => ts.Type);
  has: (typeText: string) => string;
  /** A type alias's own site: say what the alias stands for, not its name. */
  expandAlias?: boolean;
}

/**
 * Turns TypeScript types into JSON Schema, on the program's own checker. The
 * shapes (shapes.ts, unions.ts, objects.ts) render each kind of type; this
 * registry wires them: named types become components behind `$ref`s (a
 * provisional key while deriving, the final name at `publish`), JSDoc becomes
 * keywords, and a type with no JSON form becomes a diagnostic at the
 * parameter or property that has it. typescript-json-schema's generator,
 * built on the same checker with its whole-program walk skipped, renders
 * what no shape claims; its nested calls come back through the shapes.
 */
export class SchemaRegistry {
  readonly diagnostics: ts.Diagnostic[] = [];
  /** typescript-json-schema's generator, made when a type first needs it (`#fallback`), and its own `getTypeDefinition`. */
  #generator: { derive: Generator["getTypeDefinition"] } | undefined;
  readonly #context: SchemaContext;
  /** Every component, in the order met (their provisional keys' order). */
  readonly #all: Component[] = [];
  /** The components whose type is known, by it. */
  readonly #components = new Map<ts.Type, Component>();
  readonly #spell: TypeSpeller;
  #sites: Site[] = [];
  #depth = 0;
  #tooDeep = false;
  /** Inside an instance of a generic type: its properties are not where a mistake is reported. */
  #instanceDepth = 0;
  /** Every published schema object with a `$ref`, and every discriminator mapping (normalize collects them): all that `publish` has to rename. */
  readonly #refs: JsonSchema[] = [];
  /** The components with an identity (reuse.ts), by it. */
  readonly #byIdentity = new Map<string, Component>();
  /** What this run revived: a kept schema is one set of objects, so it goes into one run once. */
  readonly #revivedOnce = new WeakSet<DerivedComponent | DerivedBinding>();
  /** How many components are being derived one inside another, and the declared ones met deeper, waiting. */
  #nesting = 0;
  readonly #deferred: { component: Component; derived: DerivedComponent | undefined }[] = [];
  /** Each component's final name by its identity (reuse.ts), once published. */
  readonly #publishedNames = new Map<string, string>();
  /** The components being rendered (and the binding being tracked), innermost last. */
  readonly #rendering: Frame[] = [];

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly runtime: RuntimeSymbols,
    /**
     * What a previous Program derived that this one may reuse (reuse.ts);
     * `null` when there is none but a `derivation` will be asked for.
     */
    private readonly reuse?: Reuse | null,
  ) {
    this.#context = {
      checker,
      runtime,
      schemaOf: (type, written) => this.#schemaOf(type, written),
      propertySchema: (property, type) => this.#propertySchema(property, type),
      reject: (type, reason) => this.#reject(type, reason),
    };
    this.#spell = new TypeSpeller(checker, runtime);
  }

  /** The schema of `type` as written at `site` (a parameter, a return type): `$ref`s for named types. */
  schemaFor(type: ts.Type, site: ts.Node): JsonSchema {
    const parameter = ts.isParameter(site) ? (ts.isIdentifier(site.name) ? `Parameter "${site.name.text}"` : "The destructured parameter") : undefined;
    const written = ts.isParameter(site) ? site.type : unwrapPromiseNode(ts.isTypeNode(site) ? site : undefined);
    const outer = this.#sites;
    this.#sites = [{ node: site, type, has: (t) => (parameter ? `${parameter} has type "${t}"` : `The handler returns type "${t}"`) }];
    try {
      const schema = this.#schemaOf(type, written);
      return normalize({ ...schema, ...this.#writtenAliasAnnotations(written, schema, site) }, this.#refs);
    } finally {
      this.#sites = outer;
    }
  }

  /**
   * Runs `bind` (one route's binding, which asks `schemaFor` for its
   * schemas) and notes what those schemas meet at their top level, in order
   * and at which depth, for the next Program (`derivation`, `revivedBinding`).
   * Only when a derivation is kept.
   */
  tracked<T>(bind: () => T): { value: T; tracked: TrackedBinding } {
    const frame: Frame = { met: [], depths: [], reusable: true, start: 0, height: 0 };
    this.#rendering.push(frame);
    try {
      return { value: bind(), tracked: frame };
    } finally {
      this.#rendering.pop();
    }
  }

  /**
   * What the next Program of this project may reuse (reuse.ts), made before
   * `publish` gives the refs their final names:
   * - `components`, by identity: each clean one with an identity whose
   *   schema refers only to named, non-generic components (revived by symbol);
   * - `bindings`, by whatever the caller keys them by: each clean route
   *   binding (`tracked`), whose components are found again by symbol, or,
   *   for an instance of a generic type, by the type node `locate` gives
   *   (the handler's written `Page<Order>`).
   * Each is kept as the objects themselves, with where their references are.
   * One revived from a previous Program passes on as it was.
   */
  derivation<R extends string, K>(bindings: Readonly<Record<R, ReadonlyMap<K, KeptBinding>>>): { components: Map<string, DerivedComponent>; bindings: Record<R, Map<K, DerivedBinding>> } {
    const components = new Map<string, DerivedComponent>();
    const holders = new Set(this.#refs);
    for (const component of this.#all) {
      if (!component.reusable || !component.schema || component.identity === undefined) continue;
      // What it met is revived by symbol: named, non-generic and stable across Programs (not a merged symbol).
      if (component.met.some((met) => met.named.args.length > 0 || met.identity === undefined)) continue;
      if (component.derived) {
        components.set(component.identity.key, component.derived);
        continue;
      }
      const references = referencesIn(component.schema, component.met, holders);
      if (!references) continue;
      components.set(component.identity.key, { schema: component.schema, references, refs: component.met.map((met) => met.identity!), symbols: component.identity.symbols, height: component.height });
    }
    const derivedBindings = {} as Record<R, Map<K, DerivedBinding>>;
    // Only from a run without a mistake in its schemas: a component that reported one for an earlier route reports
    // nothing for a later one, which would be kept; revived, it could be the first to meet that component, and
    // report the mistake where a fresh binding would not (at the route, in other words).
    const keep = this.diagnostics.length === 0;
    for (const role of Object.keys(bindings) as R[]) {
      derivedBindings[role] = new Map();
      for (const [key, kept] of keep ? bindings[role] : []) {
        const derived = "references" in kept ? kept : this.#derivedBinding(kept, holders);
        if (derived) derivedBindings[role].set(key, derived);
      }
    }
    return { components, bindings: derivedBindings };
  }

  /** A binding bound in this run, as the next may revive it; undefined when it cannot be. */
  #derivedBinding(kept: Exclude<KeptBinding, DerivedBinding>, holders: ReadonlySet<object>): DerivedBinding | undefined {
    const frame = kept.tracked as Frame;
    if (!frame.reusable) return undefined;
    const met: DerivedBinding["met"][number][] = [];
    for (const [index, component] of frame.met.entries()) {
      const instance = component.named.args.length > 0;
      const node = instance ? kept.locate(this.#typeOf(component)) : undefined;
      if (component.identity === undefined || (instance && !node)) return undefined;
      met.push({ identity: component.identity.key, symbols: component.identity.symbols, node, depth: frame.depths![index]! });
    }
    const references = referencesIn(kept.value, frame.met, holders);
    return references && { value: kept.value, references, met, callbackKeys: kept.callbackKeys };
  }

  /**
   * A binding as a previous Program kept it (`derivation`): its components
   * are met again, in the same order and at the same depths (so provisional
   * keys come out as a fresh binding's would), and its references point at
   * them. Undefined, having met nothing, when one of them is no longer the
   * type it was.
   */
  revivedBinding(derived: DerivedBinding, site: ts.Node): unknown {
    if (this.#revivedOnce.has(derived)) return undefined;
    const found: (Component | Found)[] = [];
    for (const met of derived.met) {
      if (!met.symbols.every((symbol) => this.reuse!.unchanged(symbol))) return undefined;
      // Met already in this run (by another route): known without asking the checker.
      const known = this.#byIdentity.get(met.identity);
      // An instance this binding is the first to meet is rendered where the binding meets it, as `#component` would:
      // taken as it was only if that does not go too deep (checked as `#component` checks it), else the binding
      // is bound afresh, so that a mistake is reported where a fresh binding reports it, not at the route.
      if (!known && met.node) {
        const kept = this.reuse!.component(met.identity);
        if (!kept || !fitsAt(met.depth + 1, kept)) return undefined;
      }
      found.push(known ?? this.#foundAgain({ key: met.identity, symbols: met.symbols }, met.node));
    }
    const refs: string[] = [];
    const outerSites = this.#sites;
    const outerDepth = this.#depth;
    const outerTooDeep = this.#tooDeep;
    const has = (t: string) => `The route's type "${t}"`;
    try {
      for (let index = 0; index < found.length; index++) {
        const again = found[index]!;
        this.#sites = [{ node: site, type: "key" in again ? (again.type ?? (() => this.#typeOf(again))) : () => this.#foundType(again), has }];
        // Where `#schemaOf` met it: one level into the depth it was met at. Its checks passed then, for the same type.
        this.#depth = derived.met[index]!.depth + 1;
        this.#tooDeep = false;
        refs.push(this.#refTo(this.#metAgain(again)).$ref as string);
      }
    } finally {
      this.#sites = outerSites;
      this.#depth = outerDepth;
      this.#tooDeep = outerTooDeep;
    }
    this.#pointAt(derived.references, refs);
    this.#revivedOnce.add(derived);
    return derived.value;
  }

  /**
   * The component a previous Program knew by these symbols (its own, then its
   * type arguments'), found again: a declared type, or an instance written
   * in the handler's signature (`written`). The caller has checked that their
   * files did not change (and, for an instance, nor the files of the binding
   * and its handler: names written there resolve to the same symbols).
   */
  #foundAgain(identity: Identity, written?: ts.TypeNode): Found {
    const { symbols } = identity;
    const args = symbols.length === 1 ? NO_ARGS : symbols.slice(1).map((symbol) => this.checker.getDeclaredTypeOfSymbol(symbol));
    return { named: { symbol: symbols[0]!, args }, identity, written };
  }

  /** The type of a component found again, when something needs it (`Found`). */
  #foundType(found: Found | Component): ts.Type {
    return found.written ? this.checker.getTypeFromTypeNode(found.written) : this.checker.getDeclaredTypeOfSymbol(found.named.symbol);
  }

  /** A component's type, found when first asked for if it was met by identity (`Found`). */
  #typeOf(component: Component): ts.Type {
    if (!component.type) this.#setType(component, this.#foundType(component));
    return component.type!;
  }

  /** Gives a component met by identity (`Found`) its type, by which it is known from now on. */
  #setType(component: Component, type: ts.Type): void {
    component.type = type;
    if (!this.#components.has(type)) this.#components.set(type, component);
  }

  /** Points kept references at this run's components (each `refs[met]`), collected for `publish` as `normalize` would. */
  #pointAt(references: readonly KeptReference[], refs: readonly string[]): void {
    for (const { holder, key, met } of references) {
      holder[key] = refs[met];
      if (this.#refs.at(-1) !== holder) this.#refs.push(holder);
    }
  }

  /**
   * Gives every component its final name in every `$ref` (and discriminator
   * mapping) of the schemas handed out by `schemaFor`, wherever they went
   * since (documents, routes' metadata), and returns every component by its
   * final name (the same objects the references lead to). Names are
   * chosen once every schema is derived, because the rule for one name
   * declared twice (names.ts) needs to see all of them. Schemas are handed
   * out normalized, and normalize collects each object with a reference, so
   * that renaming touches only those: walking the documents and metadata,
   * which share their schemas, cost more than deriving them. Call it once.
   */
  publish(): Map<string, JsonSchema> {
    const names = this.#finalNames();
    // One string per component for all its references: a rebuild writes its new references into kept (old) schema
    // objects, and each new string there would outlive the young generation, to be copied at every scavenge.
    const finalRefs = new Map<string, string>();
    const published = new Map<string, JsonSchema>();
    for (const component of this.#all) {
      const name = names.get(component.key) ?? component.key;
      finalRefs.set(component.ref, COMPONENTS + name);
      if (component.identity) this.#publishedNames.set(component.identity.key, name);
      if (component.schema) published.set(name, component.schema);
    }
    for (const holder of this.#refs) {
      for (const key of referenceKeys(holder)) {
        const ref = holder[key];
        if (typeof ref === "string" && ref.startsWith(PROVISIONAL_REF)) holder[key] = finalRefs.get(ref) ?? ref;
      }
    }
    return published;
  }

  /**
   * Whether a schema of this run may have a property named "constructor":
   * one was rendered, or taken from a previous run that had one. Without
   * one, no request body can hold the key the server refuses (bind.ts).
   */
  get constructorKeys(): boolean {
    return this.#constructorKeys || !!this.reuse?.constructorKeys;
  }

  #constructorKeys = false;
  /** The schemas whose whole reach holds no refused key (not-json.ts), walked once a run. */
  readonly #refusalFree = new WeakSet<object>();

  /**
   * Where a request body's `schema` (handed out by `schemaFor`) can hold a
   * "constructor" key whose value has a "prototype" key, which the server
   * refuses (not-json.ts); `parameter`, the name it is embedded under when a
   * handler has several body parameters. Most runs have no property named
   * "constructor" at all, and look no further.
   */
  refusedConstructorKey(schema: JsonSchema | undefined, parameter?: string): string | undefined {
    if (!this.constructorKeys && parameter !== "constructor") return undefined;
    // Embedded under its name, as bind.ts embeds it: a parameter named "constructor" is such a key too.
    const body = parameter === undefined ? schema : { properties: { [parameter]: schema } };
    return refusedConstructorKey(body, (ref) => this.#componentAt(ref), this.#refusalFree);
  }

  /** Before `publish`: the schema of the component a `$ref` that `schemaFor` handed out points at. */
  #componentAt(ref: string): JsonSchema | undefined {
    return ref.startsWith(PROVISIONAL_REF) ? this.#all[Number(ref.slice(PROVISIONAL_REF.length)) - 1]?.schema : undefined;
  }

  /** After `publish`: the final name of each component that has an identity across Programs, by it. */
  namesByIdentity(): ReadonlyMap<string, string> {
    return this.#publishedNames;
  }

  #schemaOf(type: ts.Type, written?: ts.Node): JsonSchema {
    const rendering = this.reuse !== undefined ? this.#rendering.at(-1) : undefined;
    if (rendering && this.#depth - rendering.start > rendering.height) rendering.height = this.#depth - rendering.start;
    if (this.#depth >= MAX_DEPTH) {
      // Reported once for the route: the way back up would repeat it at every level.
      if (this.#tooDeep) return {};
      this.#tooDeep = true;
      return this.#reject(type, "it nests too deeply (a generic type that grows without end?); write the type out");
    }
    this.#depth++;
    try {
      type = transparent(type);
      const known = this.#components.get(type);
      if (known) return this.#refTo(known);
      // A component a previous Program derived: its type passed the checks below then.
      const early = this.#mayBeReused(type) ? this.#namedAndIdentified(type) : undefined;
      const derived = early?.identity && this.reuse!.component(early.identity.key);
      if (derived) return this.#refTo(this.#component(type, early.named!, early.identity, derived));
      const why = whyNotJson(type, this.checker);
      if (why) return this.#reject(type, why);
      const branded = brandedSchema(type, this.#context);
      if (branded) return branded;
      const { named, identity } = early ?? this.#namedAndIdentified(type);
      // Asked of the reuse only now when it was not above (an alias of an intersection: `#mayBeReused`).
      if (named) return this.#refTo(this.#component(type, named, identity, early ? undefined : identity && this.reuse?.component(identity.key)));
      return this.#render(type, written);
    } finally {
      this.#depth--;
      if (this.#depth === 0) this.#tooDeep = false;
    }
  }

  /** A `$ref` to `component`, noted as met by the component being rendered (when a derivation is kept). */
  #refTo(component: Component): JsonSchema {
    const outer = this.reuse !== undefined ? this.#rendering.at(-1) : undefined;
    if (outer && !outer.met.includes(component)) {
      outer.met.push(component);
      outer.depths?.push(this.#depth - 1); // a binding's: the depth of the #schemaOf that met it
    }
    return { $ref: component.ref };
  }

  /**
   * Whether to look for `type` among what a previous Program derived before
   * the checks in `#schemaOf` (they passed then): an object or union type
   * named by a symbol TypeScript keeps across Programs. Other named types
   * (an alias of an intersection) are looked for once they are named.
   */
  #mayBeReused(type: ts.Type): boolean {
    if (!this.reuse || !(type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Union))) return false;
    const symbol = type.aliasSymbol ?? type.getSymbol();
    return !!symbol && !(symbol.flags & ts.SymbolFlags.Transient);
  }

  /** How `type` is named, if it is a component, and (when a derivation is kept) its identity across Programs. */
  #namedAndIdentified(type: ts.Type): { named?: NamedType; identity?: Identity } {
    const named = namedType(type, this.checker, this.runtime);
    return { named, identity: named && this.reuse !== undefined ? this.#identity(type, named) : undefined };
  }

  /** A component a revival found again: met already in this run, or met now. */
  #metAgain(again: Component | Found): Component {
    if ("key" in again) return again;
    // Met since it was found (by a component revived before it), or met now.
    return this.#byIdentity.get(again.identity.key) ?? this.#component(undefined, again.named, again.identity, this.reuse?.component(again.identity.key), again.written);
  }

  /**
   * A component's identity across Programs (reuse.ts): its symbol's, and
   * its type arguments' for an instance. None unless each is the type its
   * symbol declares (`typeof SomeClass` is not the class), a named,
   * non-generic type, and not a symbol the checker merged.
   */
  #identity(type: ts.Type, named: NamedType): Identity | undefined {
    const declares = (symbol: ts.Symbol, declared: ts.Type) => !(symbol.flags & ts.SymbolFlags.Transient) && this.checker.getDeclaredTypeOfSymbol(symbol) === declared;
    if (named.args.length === 0) return declares(named.symbol, type) ? { key: componentIdentity([named.symbol]), symbols: [named.symbol] } : undefined;
    const target = type.aliasSymbol === named.symbol ? undefined : (type as ts.TypeReference).target;
    if (named.symbol.flags & ts.SymbolFlags.Transient || (target !== undefined && this.checker.getDeclaredTypeOfSymbol(named.symbol) !== target)) return undefined;
    const symbols = [named.symbol];
    for (const argument of named.args) {
      const inner = namedType(argument, this.checker, this.runtime);
      if (!inner || inner.args.length > 0 || !declares(inner.symbol, argument)) return undefined;
      symbols.push(inner.symbol);
    }
    return { key: componentIdentity(symbols), symbols };
  }

  /**
   * A component as a previous Program derived it: the components it met are
   * met again, in the same order (so provisional keys come out as a fresh
   * derivation's would), and its schema's references point at them.
   * Undefined, having met nothing, when one of them is no longer what it was.
   */
  #revived(derived: DerivedComponent): JsonSchema | undefined {
    if (this.#revivedOnce.has(derived)) return undefined;
    // Every one checked before any is met: a failed revival meets nothing.
    const found: (Component | Found)[] = [];
    for (const identity of derived.refs) {
      if (!this.reuse!.unchanged(identity.symbols[0]!) && !this.#stillComponent(identity)) return undefined;
      // Met already in this run: known without asking the checker.
      found.push(this.#byIdentity.get(identity.key) ?? this.#foundAgain(identity));
    }
    const refs = found.map((again) => this.#refTo(this.#metAgain(again)).$ref as string);
    this.#pointAt(derived.references, refs);
    this.#revivedOnce.add(derived);
    return derived.schema;
  }

  /**
   * Whether a changed interface that a revived component names by reference
   * (reuse.ts `byReference`: `related?: Model0`) is still the component it
   * met: what `#schemaOf` would find, meeting its type now (it is derived
   * afresh when met). Meets nothing.
   */
  #stillComponent(identity: Identity): boolean {
    const [symbol] = identity.symbols;
    if (identity.symbols.length !== 1 || !this.reuse!.byReference(symbol!)) return false;
    const type = this.checker.getDeclaredTypeOfSymbol(symbol!);
    if (type.isIntersection() || whyNotJson(type, this.checker)) return false;
    return this.#namedAndIdentified(type).identity?.key === identity.key;
  }

  #render(type: ts.Type, written?: ts.Node): JsonSchema {
    for (const shape of SHAPES) {
      if (shape.supports(type, this.#context)) return shape.create(type, this.#context, written);
    }
    return this.#fallback(type);
  }

  /** What no shape claims goes to typescript-json-schema; what it cannot do either is the user's to change. */
  #fallback(type: ts.Type): JsonSchema {
    this.#notReusable(); // typescript-json-schema's walk: not followed by `met`
    // Outside the `try`: not loading it is Callspec's failure (an internal error), not the user's type's.
    const generator = this.#fallbackGenerator();
    try {
      return normalize(generator.derive(type, false, "anyOf", undefined, undefined, undefined, true, true));
    } catch (error) {
      return this.#reject(type, `no JSON Schema is known for it (${(error as Error).message}); use plain data: interfaces, arrays, strings, numbers, booleans, literal unions`);
    }
  }

  /** typescript-json-schema's generator on this checker, its whole-program walk skipped; its nested calls come back to this registry. */
  #fallbackGenerator(): { derive: Generator["getTypeDefinition"] } {
    if (this.#generator) return this.#generator;
    const library = typescriptJsonSchema();
    const settings: TJS.PartialArgs = { required: true, ref: true, ignoreErrors: true, titles: false, aliasRef: false };
    const generator = new library.JsonSchemaGenerator([], {}, {}, {}, this.checker, { ...library.getDefaultArgs(), ...settings }) as unknown as Generator;
    const derive = generator.getTypeDefinition.bind(generator);
    // The generator calls these through `this`: instance properties send every nested type back to us.
    generator.getTypeDefinition = (type) => this.#schemaOf(type);
    generator.getTypeName = (type) => `fallback-${(type as unknown as { id: number }).id}`;
    generator.getDefinitionForProperty = (property, node) => this.#propertySchema(property, this.checker.getTypeOfSymbolAtLocation(property, node)) ?? null;
    generator.parseCommentsIntoDefinition = () => {}; // JSDoc is read by jsdoc.ts
    return (this.#generator = { derive });
  }

  /**
   * A named type's component, rendered on first use (registered first, so
   * recursive types end in a `$ref`); `identity` is its identity across
   * Programs, when a derivation is kept and it has one; `derived`, how the
   * previous Program derived it, if it may be reused. An instance a revived
   * binding found by its identity comes without its type, and with where it
   * is `written`: the type is found only if it is rendered.
   */
  #component(type: ts.Type | undefined, named: NamedType, identity: Identity | undefined, derived: DerivedComponent | undefined, written?: ts.TypeNode): Component {
    if (type) {
      const known = this.#components.get(type) ?? this.#typedNow(type, identity);
      if (known) return known;
    }
    const instance = named.args.length > 0;
    const key = `${PROVISIONAL}${this.#all.length + 1}`;
    const component: Component = { key, ref: COMPONENTS + key, type, written, named, identity, met: [], reusable: identity !== undefined, start: 0, height: 0 };
    this.#all.push(component);
    if (type) this.#components.set(type, component);
    if (identity && !this.#byIdentity.has(identity.key)) this.#byIdentity.set(identity.key, component);
    // A chain of hundreds of named types, each met inside the last, would overflow the stack. A declared
    // type renders the same wherever it is met (its depth counts from itself), so one met that deep is
    // derived once the recursion unwinds. Its key is taken now; the keys of what it meets come later than
    // they would have, which shows only in a clash's suffix (`ValidationError_133`).
    if (!instance && this.#nesting >= MAX_NESTING) {
      this.#deferred.push({ component, derived });
      return component;
    }
    this.#deriveNested(component, derived);
    if (this.#nesting === 0) {
      for (let next = this.#deferred.shift(); next; next = this.#deferred.shift()) this.#deriveNested(next.component, next.derived);
    }
    return component;
  }

  /** `#deriveComponent` one component deeper; a failure leaves nothing waiting (the run reports it and writes nothing). */
  #deriveNested(component: Component, derived: DerivedComponent | undefined): void {
    this.#nesting++;
    try {
      this.#deriveComponent(component, derived);
    } catch (error) {
      if (this.#nesting === 1) this.#deferred.length = 0;
      throw error;
    } finally {
      this.#nesting--;
    }
  }

  /** Derives a component just registered: as a previous Program derived it, if it may be reused, else afresh. */
  #deriveComponent(component: Component, derived: DerivedComponent | undefined): void {
    const { named } = component;
    const instance = named.args.length > 0;
    // An instance's depth counts on from where it is met: taken as it was only if rendering it here would not go too deep.
    if (derived && (!instance || fitsAt(this.#depth, derived))) {
      this.#rendering.push(component);
      try {
        component.schema = this.#revived(derived);
      } finally {
        this.#rendering.pop();
      }
      if (component.schema) {
        component.derived = derived;
        return;
      }
      // Something it met changed after all (having met nothing): derive it afresh.
    }
    const type = this.#typeOf(component);
    const declaration = typeDeclaration(named.symbol);
    const outer = this.#sites;
    const [outerInstanceDepth, outerDepth, outerTooDeep] = [this.#instanceDepth, this.#depth, this.#tooDeep];
    // Inside a component, a mistake belongs to its declaration (its property), not to whichever route met it
    // first, even through an instance (`Page<Customer>` meeting Customer first); inside an instance of a generic
    // type (`Page<symbol>`), to where the instance is written, since the arguments are the mistake. A declared
    // type renders the same wherever it is met: its depth counts from itself (only instances can grow without end).
    if (instance) {
      this.#instanceDepth++;
    } else {
      this.#sites = declaration ? [{ node: declaration, type, has: (t) => `Type "${named.symbol.name}" is "${t}"`, expandAlias: true }] : [];
      [this.#instanceDepth, this.#depth, this.#tooDeep] = [0, 0, false];
    }
    component.start = this.#depth;
    this.#rendering.push(component);
    try {
      const body = this.#render(type);
      component.schema = normalize({ title: this.#spell.title(named), ...body, ...this.#annotations(named.symbol, body, declaration) }, this.#refs);
    } finally {
      this.#rendering.pop();
      this.#sites = outer;
      [this.#instanceDepth, this.#depth, this.#tooDeep] = [outerInstanceDepth, outerDepth, outerTooDeep];
    }
  }

  /**
   * A component met by its identity without its type (an instance a revived
   * binding met), now met as `type`: the same component, since one identity
   * is one type of one checker. Undefined for any other type.
   */
  #typedNow(type: ts.Type, identity: Identity | undefined): Component | undefined {
    const known = identity && this.#byIdentity.get(identity.key);
    if (!known || known.type) return undefined;
    this.#setType(known, type);
    return known;
  }

  /** A diagnostic found while rendering: the component being rendered is not reused by the next Program. */
  #report(diagnostic: ts.Diagnostic): void {
    this.diagnostics.push(diagnostic);
    this.#notReusable();
  }

  /** The component being rendered is not for the next Program (reuse.ts): it met a mistake, or what `met` cannot follow. */
  #notReusable(): void {
    const rendering = this.#rendering.at(-1);
    if (rendering) rendering.reusable = false;
  }

  /**
   * A property's schema: its type's, then its JSDoc, then a class field's
   * literal initializer as `default`. None for a property named `__proto__`,
   * which is reported: as a key it would set the prototype.
   */
  #propertySchema(property: ts.Symbol, type: ts.Type): JsonSchema | undefined {
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    const written = declaration && (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration)) ? declaration.type : undefined;
    const site = this.#instanceDepth > 0 ? undefined : (declaration ?? this.#sites.at(-1)?.node);
    if (property.name === "constructor") this.#constructorKeys = true;
    if (property.name === "__proto__") {
      const at = site ?? this.#sites.at(-1)?.node;
      const message = `A property named "__proto__" cannot be data: in a JavaScript object the key sets the prototype, and ${PROTOTYPE_KEY_REFUSED}. Rename the property.`;
      if (at) this.#report(diagnosticAt(at, Code.NotJsonSchema, message));
      else this.#notReusable();
      return undefined;
    }
    if (site) this.#sites.push({ node: site, type, has: (t) => `Property "${property.name}" has type "${t}"` });
    try {
      const schema = this.#schemaOf(type, written);
      const alias = this.#writtenAliasAnnotations(written, schema, site);
      const own = this.#annotations(property, schema, site);
      const initializer = declaration && (ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration)) ? declaration.initializer : undefined;
      // Most properties have no JSDoc and no initializer: their type's schema is theirs (normalize copies it anyway).
      if (!initializer && isEmpty(alias) && isEmpty(own)) return schema;
      const result = { ...schema, ...alias, ...own };
      if (initializer && !("default" in result)) {
        const value = literalValue(this.checker, initializer);
        if (value !== undefined) result.default = value;
      }
      return result;
    } finally {
      if (site) this.#sites.pop();
    }
  }

  /** Keywords from a symbol's JSDoc; a tag with a bad value, or on a schema it cannot apply to, is reported. */
  #annotations(symbol: ts.Symbol, schema: JsonSchema, site: ts.Node | undefined): JsonSchema {
    const { keywords, problems } = jsDocAnnotations(symbol, this.checker, (file) => isLibraryFile(file) || this.runtime.isRuntimeFile(file.fileName));
    for (const problem of problems) this.#report(diagnosticAt(problem.node, Code.InvalidJsDocTag, problem.message));
    if (site) {
      for (const message of misappliedTags(keywords, schema)) {
        this.#report(diagnosticAt(site, Code.InvalidJsDocTag, `${message}: the tag would do nothing. Remove it, or move it to a property of the right type.`));
      }
    }
    return keywords;
  }

  /**
   * `limit: PageSize` where `/** @maximum 100 *\/ type PageSize = number`:
   * an alias of a primitive (or a branded one) is no component, so its JSDoc
   * goes where the alias is written.
   */
  #writtenAliasAnnotations(written: ts.Node | undefined, schema: JsonSchema, site: ts.Node | undefined): JsonSchema {
    if (!written || !ts.isTypeReferenceNode(written) || "$ref" in schema) return NO_KEYWORDS;
    const symbol = this.runtime.resolve(this.checker.getSymbolAtLocation(written.typeName));
    if (!symbol || !(symbol.flags & ts.SymbolFlags.TypeAlias) || isLibrarySymbol(symbol)) return NO_KEYWORDS;
    return this.#annotations(symbol, schema, site);
  }

  #reject(type: ts.Type, reason: string): JsonSchema {
    this.#notReusable();
    const site = this.#sites.at(-1);
    if (!site) return {};
    const text = (t: ts.Type, flags = ts.TypeFormatFlags.None) => this.checker.typeToString(t, undefined, ts.TypeFormatFlags.NoTruncation | flags);
    const siteType = typeof site.type === "function" ? site.type() : site.type;
    const members = siteType.isUnion() ? siteType.types.filter((t) => !(t.flags & ABSENT)) : [siteType];
    const own = siteType === type || (members.length === 1 && members[0] === type);
    const message = own
      ? `${site.has(text(type))}, which cannot be JSON: ${reason}.`
      : `${site.has(text(siteType, site.expandAlias ? ts.TypeFormatFlags.InTypeAlias : undefined))}, whose "${text(type)}" cannot be JSON: ${reason}.`;
    this.#report(diagnosticAt(site.node, Code.NotJsonSchema, message));
    return {};
  }

  /** Final component names, by provisional key: see `qualifiedNames` for one name declared twice. */
  #finalNames(): Map<string, string> {
    const components = this.#all;
    // Spell every name once to learn which symbols names are made of (type arguments included), then for real.
    const symbols: ts.Symbol[] = [];
    const recorder = new TypeSpeller(this.checker, this.runtime, (symbol) => (symbols.push(symbol), symbol.name));
    components.forEach((c) => recorder.key(c.named));
    const qualified = qualifiedNames(symbols);
    this.#reportUnqualifiable(qualified);
    const speller = new TypeSpeller(this.checker, this.runtime, (symbol) => qualified.get(symbol) ?? symbol.name);
    const byKey = new Map<string, string>();
    const owners = new Map<string, Component>();
    for (const component of components) {
      let name = speller.key(component.named);
      const owner = owners.get(name);
      if (owner && owner.named.symbol === component.named.symbol && sameSchema(owner, component)) {
        // `DeepPartial<Addr>` and `DeepPartial<Addr | undefined>`: two types, one JSON shape — one component.
        byKey.set(component.key, name);
        continue;
      }
      // FastAPI's validation components keep their names: a type of the user's called the same is told apart as a clash is.
      if (owner || VALIDATION_COMPONENTS.has(name)) {
        if (owner?.named.symbol === component.named.symbol) this.#reportSameSpelling(name, owner, component);
        name = `${name}_${component.key.slice(PROVISIONAL.length)}`;
      }
      owners.set(name, component);
      byKey.set(component.key, name);
    }
    return byKey;
  }

  /** Two types of one name that no module path tells apart (local types of one module): the rule cannot apply. */
  #reportUnqualifiable(qualified: Map<ts.Symbol, string | undefined>): void {
    const unqualifiable = [...qualified].filter(([, name]) => name === undefined).map(([symbol]) => typeDeclaration(symbol));
    const declarations = unqualifiable.filter((d): d is ts.Declaration => !!d).sort((a, b) => (where(a) < where(b) ? -1 : 1));
    for (const [index, second] of declarations.entries()) {
      const first = declarations.find((d, i) => i < index && (ts.getNameOfDeclaration(d)?.getText() ?? "") === (ts.getNameOfDeclaration(second)?.getText() ?? ""));
      if (!first) continue;
      const name = ts.getNameOfDeclaration(second)?.getText() ?? "?";
      const message = `Two different types named "${name}" in one module would both be the schema component "${name}" (the one at ${where(first, second)} too): no module path tells them apart. Rename one of them.`;
      this.diagnostics.push(withRelated(diagnosticAt(second, Code.ComponentNameClash, message), first, `The other "${name}" is declared here.`));
    }
  }

  /** Two instances of one generic type whose type arguments spell the same (`Page<{ a: string }>`, `Page<{ b: number }>`). */
  #reportSameSpelling(name: string, owner: Component, component: Component): void {
    const declaration = typeDeclaration(component.named.symbol);
    if (!declaration) return;
    const message = `Two different instances of "${component.named.symbol.name}" (${this.#spell.title(owner.named)} and ${this.#spell.title(component.named)}) would both be the schema component "${name}": give their type arguments names of their own (an interface or a type alias).`;
    this.diagnostics.push(diagnosticAt(declaration, Code.ComponentNameClash, message));
  }
}

/**
 * The references of a schema (or a binding's value) about to be kept: each
 * object `normalize` collected (`holders`) found in it, with the component
 * of `met` it points at. Undefined when one points at a component not met:
 * such a schema could not be revived.
 */
function referencesIn(value: unknown, met: readonly Component[], holders: ReadonlySet<object>): KeptReference[] | undefined {
  const index = new Map(met.map((component, i) => [component.ref, i]));
  const found: KeptReference[] = [];
  let complete = true;
  // A binding's parameters and its metadata's share their schemas: each object once.
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (typeof node !== "object" || node === null || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    const object = node as JsonSchema;
    if (holders.has(object)) {
      for (const key of referenceKeys(object)) {
        const ref = object[key];
        if (typeof ref !== "string" || !ref.startsWith(PROVISIONAL_REF)) continue;
        const i = index.get(ref);
        if (i === undefined) complete = false;
        else found.push({ holder: object, key, met: i });
      }
    }
    for (const key in object) if (Object.hasOwn(object, key)) walk(object[key]);
  };
  walk(value);
  return complete ? found : undefined;
}

/** Whether an instance derived before, `derived.height` deep, may be taken as it was when met at `depth`. */
function fitsAt(depth: number, derived: DerivedComponent): boolean {
  return depth + derived.height < MAX_DEPTH;
}

/** `Readonly<T>` is `T` to JSON. */
function transparent(type: ts.Type): ts.Type {
  while (type.aliasSymbol?.name === "Readonly" && isLibrarySymbol(type.aliasSymbol) && type.aliasTypeArguments?.[0]) type = type.aliasTypeArguments[0];
  return type;
}
