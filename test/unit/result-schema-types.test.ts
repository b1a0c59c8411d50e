// The result's TypeScript types and its JSON Schema name the same config fields and step figures, with the same ones required.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('harness/results/result-schema.json', root), 'utf8'));

/** Members of an exported interface, read from its source with the TypeScript parser: name → optional. */
function interfaceMembers(file: string, name: string): Map<string, boolean> {
  const src = ts.createSourceFile(file, readFileSync(new URL(file, root), 'utf8'), ts.ScriptTarget.ES2022, true);
  const decl = src.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!decl) throw new Error(`interface ${name} not found in ${file}`);
  expect(decl.members.some(ts.isIndexSignatureDeclaration), `${name} has an index signature: a renamed key would not fail tsc`).toBe(false);
  return new Map(decl.members.filter(ts.isPropertySignature).map((m) => [m.name.getText(src), m.questionToken !== undefined]));
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe('result schema and result types', () => {
  it('StepFigures (step-figures.ts) and definitions.figures list the same figures, all numbers', () => {
    const members = interfaceMembers('harness/measure/step-figures.ts', 'StepFigures');
    const props = schema.definitions.figures.properties as Record<string, { type: string }>;
    expect(sorted(Object.keys(props))).toEqual(sorted(members.keys()));
    for (const [k, v] of Object.entries(props)) expect(v.type, k).toBe('number');
    expect([...members.values()].every((optional) => optional)).toBe(true);
    expect(schema.definitions.step.properties.figures).toEqual({ $ref: '#/definitions/figures' });
  });

  it('RunConfig (run-config.ts) and definitions.config list the same fields and require the same ones', () => {
    const members = interfaceMembers('harness/results/run-config.ts', 'RunConfig');
    const def = schema.definitions.config;
    expect(sorted(Object.keys(def.properties))).toEqual(sorted(members.keys()));
    expect(sorted(def.required)).toEqual(sorted([...members].filter(([, optional]) => !optional).map(([k]) => k)));
    expect(schema.properties.config).toEqual({ $ref: '#/definitions/config' });
  });

  it('every figure in the committed baselines is a known figure', () => {
    const known = new Set(Object.keys(schema.definitions.figures.properties));
    for (const stage of [1, 2, 3, 4, 5]) {
      const r = JSON.parse(readFileSync(new URL(`results/baselines/stage-${stage}.json`, root), 'utf8'));
      for (const s of r.steps) for (const k of Object.keys(s.figures)) expect(known, `stage ${stage} figure ${k}`).toContain(k);
    }
  });
});
