// Typed flags: a commander Option whose argParser turns the text into a number, a duration or one of a few names, or throws a one-line UserError;
// and a command's flags as one table of rows (spec, help, how the text is read), added in one call.
import { Option, type Command } from 'commander';
import { UserError } from '../errors/user-error.ts';
import { parseCount, parseDurationS } from '../../loadtests/workload/text-units.ts';

/** Parses the text of `flag` (its long name, e.g. --threads) or throws a UserError naming the flag and the rule. */
export type FlagParser<T> = (flag: string, text: string) => T;

/** An option whose value commander parses with `parse`; its default (if any) is documented in `description`. */
export function typedOption<T>(spec: string, description: string, parse: FlagParser<T>): Option {
  const flag = /--[a-z0-9-]+/.exec(spec)?.[0] ?? spec;
  return new Option(spec, description).argParser((text: string) => parse(flag, text));
}

/** An option that takes one of `choices` (listed in --help), anything else a one-line UserError. */
export function choiceOption<T extends string>(spec: string, description: string, choices: readonly T[]): Option {
  const flag = /--[a-z0-9-]+/.exec(spec)?.[0] ?? spec;
  return new Option(spec, description).choices(choices).argParser((text: string) => {
    if (!(choices as readonly string[]).includes(text)) throw new UserError(`${flag} must be one of ${choices.join(', ')} (got "${text}")`);
    return text as T;
  });
}

/** One flag of a command's table: spec, help, and how its text is read (a parser, the choices, 'repeatable' for a list, or as text / a switch). */
export type FlagRow = readonly [spec: string, help: string, read?: FlagParser<unknown> | readonly string[] | 'repeatable'];

/** The commander Option of one row. */
export function flagOption([spec, help, read]: FlagRow): Option {
  if (read === undefined) return new Option(spec, help);
  if (read === 'repeatable') return new Option(spec, help).argParser((v: string, prev: string[] = []) => [...prev, v]);
  return typeof read === 'function' ? typedOption(spec, help, read) : choiceOption(spec, help, read);
}

/** Adds the rows' options to `command` in table order (the --help order). */
export function addFlags(command: Command, rows: readonly FlagRow[]): Command {
  for (const row of rows) command.addOption(flagOption(row));
  return command;
}

/** Rethrows a parse error of `flag` as a UserError prefixed with the flag. */
export function wrapFlag<T>(flag: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new UserError(`${flag}: ${(e as Error).message}`);
  }
}

export const num: FlagParser<number> = (flag, v) => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UserError(`${flag} must be a number (got "${v}")`);
  return n;
};

export const int: FlagParser<number> = (flag, v) => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n)) throw new UserError(`${flag} must be a whole number (got "${v}")`);
  return n;
};

/** A duration like 10s, 500ms or 2m, in seconds. */
export const durationS: FlagParser<number> = (flag, v) => wrapFlag(flag, () => parseDurationS(v));

/** A count like 100k or 1M. */
export const count: FlagParser<number> = (flag, v) => wrapFlag(flag, () => parseCount(v));

/** A whole number within [min, max]. */
export const intIn =
  (min: number, max: number): FlagParser<number> =>
  (flag, v) => {
    const n = int(flag, v);
    if (n < min || n > max) throw new UserError(`${flag} must be a whole number ${min}..${max} (got "${v}")`);
    return n;
  };
