// Re-export: the ring moved to targets/placement/ because the app's sharded store places codes with it too.
export { ConsistentHashRing, type RingOptions } from '../../targets/placement/consistent-hash-ring.ts';
