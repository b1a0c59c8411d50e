// writer-contention says what the apps write to: the store the stage has (SQLite or PostgreSQL, one or K shards) and
// whether clicks are written per redirect or behind, so a PostgreSQL run is never described as SQLite shards.
import { describe, expect, it } from 'vitest';
import { writeTargetDetail } from '../../harness/faults/writer-contention.ts';
import { composeStage } from '../../harness/stages/stage-definitions.ts';

describe('writer-contention detail', () => {
  it('names the store of the composition and how clicks are written', () => {
    expect(writeTargetDetail(composeStage(3), 1)).toBe('one SQLite file (creates, and a click per redirect)');
    expect(writeTargetDetail(composeStage(3, ['postgres'], ['sqlite']), 1)).toBe('one PostgreSQL primary (creates, and a click per redirect)');
    expect(writeTargetDetail(composeStage(5), 4)).toBe('4 SQLite shards (creates, and clicks written behind in batches)');
    expect(writeTargetDetail(composeStage(5, ['postgres']), 2)).toBe('2 PostgreSQL shard servers (creates, and clicks written behind in batches)');
    expect(writeTargetDetail(composeStage(5, ['postgres'], ['write-behind']), 2)).toBe('2 PostgreSQL shard servers (creates, and a click per redirect)');
  });
});
