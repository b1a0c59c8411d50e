// Reads a finished k6 JSON output file (.json or .json.gz), e.g. one a k6-operator runner wrote, into a K6Output.
import { existsSync } from 'node:fs';
import { UserError } from '../../errors/user-error.ts';
import { K6OutputAggregator, type K6Output } from './k6-json-parser.ts';
import { LineTail } from './line-tail.ts';

export async function readK6OutputFile(path: string): Promise<K6Output> {
  if (!existsSync(path)) throw new UserError(`no k6 output at ${path}: write one with 'k6 run --out json=${path} …'`);
  const agg = new K6OutputAggregator();
  const tail = new LineTail(path, (l) => agg.addLine(l));
  await tail.finish();
  if (tail.truncated) throw new UserError(`k6 output ${path} is a truncated gzip file (k6 killed mid-write?); re-run or use what k6 printed`);
  return agg.finish();
}
