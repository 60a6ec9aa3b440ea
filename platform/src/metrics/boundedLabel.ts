/** The value a BoundedLabel gives every name past its limit. */
export const OTHER = "other";
/** The value for an operation without a name. */
export const ANONYMOUS = "anonymous";

/**
 * A label whose values are bounded, for names a client chooses (GraphQL operation names): the
 * names it is given up front (the persisted operations') and the first `limit` other names it
 * admits keep their own value; every name after those is `other`, so a client inventing names
 * cannot grow a metric's series without end. Names that do not look like GraphQL names (free
 * text, ids with dashes, anything longer than `maxLength`) are `other` from the start;
 * no name at all is `anonymous`.
 */
export class BoundedLabel {
  private readonly admitted = new Set<string>();
  private readonly known: ReadonlySet<string>;

  constructor(
    private readonly limit: number,
    known: Iterable<string> = [],
    private readonly maxLength = 64,
  ) {
    this.known = new Set([...known].filter((name) => this.wellFormed(name)));
  }

  /** The label value for `name`, admitting it while there is room. */
  admit(name: string | null | undefined): string {
    if (!name) return ANONYMOUS;
    if (this.known.has(name) || this.admitted.has(name)) return name;
    if (!this.wellFormed(name) || this.admitted.size >= this.limit) return OTHER;
    this.admitted.add(name);
    return name;
  }

  /** The label value for `name` without admitting anything new: its own if already admitted or known, else `fallback`. */
  peek(name: string | null | undefined, fallback: string): string {
    if (name === null || name === undefined || name === "") return fallback;
    return this.known.has(name) || this.admitted.has(name) ? name : fallback;
  }

  /** How many distinct values this label may take at most. */
  get maxValues(): number {
    return this.known.size + this.limit + 2;
  }

  private wellFormed(name: string): boolean {
    return name.length <= this.maxLength && /^[_A-Za-z][_0-9A-Za-z]*$/.test(name);
  }
}
