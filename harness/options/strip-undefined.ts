// Defaults merged once: `{ ...DEFAULTS, ...stripUndefined(given) }` lets a field the caller left undefined keep its default.

/** The fields of `o` that are not undefined. */
export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
