// Plain arithmetic claims: a per-second rate, a product of named factors, a power, years to exhaust a space, a reduction.
import { formatValue, sig } from '../../render/format-units.ts';
import { num, numbers } from './formula-inputs.ts';
import type { Formula } from './formula-types.ts';

const en = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: 4 });

/** count / (periodDays × secondsPerDay). */
export const rate: Formula = (claim) => {
  const count = num(claim, 'count');
  const days = num(claim, 'periodDays');
  const spd = num(claim, 'secondsPerDay');
  const value = count / (days * spd);
  return {
    value,
    unit: claim.stated.unit,
    text: `${en(count)} / (${en(days)} d × ${en(spd)} s) = ${formatValue(value, claim.stated.unit)}`,
    checksStated: true,
  };
};

/** Π multiply / Π divide; with `solveFor`, also the value of that input that would give the stated number. */
export const product: Formula = (claim) => {
  const mul = numbers(claim, 'multiply');
  const div = numbers(claim, 'divide');
  const value = mul.reduce((a, [, v]) => a * v, 1) / div.reduce((a, [, v]) => a * v, 1);
  const term = ([k, v]: [string, number]): string => `${en(v)} ${k}`;
  const text =
    mul.map(term).join(' × ') + (div.length > 0 ? ` ÷ ${div.map(term).join(' ÷ ')}` : '') + ` = ${formatValue(value, claim.stated.unit)}`;
  const out: ReturnType<Formula> = { value, unit: claim.stated.unit, text, checksStated: true };
  const solveFor = claim.inputs.solveFor;
  const stated = claim.stated.value;
  if (typeof solveFor === 'string' && stated !== null && value !== 0) {
    const m = mul.find(([k]) => k === solveFor);
    const d = div.find(([k]) => k === solveFor);
    if (m) out.solved = { input: solveFor, value: m[1] * (stated / value), was: m[1] };
    else if (d) out.solved = { input: solveFor, value: d[1] * (value / stated), was: d[1] };
  }
  return out;
};

/** base ^ exponent. */
export const power: Formula = (claim) => {
  const base = num(claim, 'base');
  const exp = num(claim, 'exponent');
  const value = base ** exp;
  return { value, unit: claim.stated.unit, text: `${en(base)}^${en(exp)} = ${en(value)} (${formatValue(value, claim.stated.unit)})`, checksStated: true };
};

/** base^exponent codes / (writesPerSecond × secondsPerYear); details hold the write rate the stated years imply. */
export const exhaustionYears: Formula = (claim) => {
  const space = num(claim, 'base') ** num(claim, 'exponent');
  const wps = num(claim, 'writesPerSecond');
  const spy = num(claim, 'secondsPerYear');
  const value = space / (wps * spy);
  const stated = claim.stated.value;
  const impliedRate = stated ? space / (stated * spy) : null;
  return {
    value,
    unit: 'years',
    text: `${formatValue(space, 'combinations')} codes / (${en(wps)} writes/s × ${en(spy)} s/year) = ${sig(value)} years`,
    details: { codes: space, writesPerSecond: wps, writesPerSecondForStatedYears: impliedRate },
    checksStated: true,
  };
};

/** 1 − after / before. */
export const reduction: Formula = (claim) => {
  const before = num(claim, 'before');
  const after = num(claim, 'after');
  const value = 1 - after / before;
  return {
    value,
    unit: 'fraction',
    text: `1 − ${formatValue(after, 'bytes')} / ${formatValue(before, 'bytes')} = ${formatValue(value, 'fraction')}`,
    checksStated: true,
  };
};
