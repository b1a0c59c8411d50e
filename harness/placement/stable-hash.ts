// Re-export: the hash moved to targets/placement/ with the ring, since the app's sharded store uses it too.
export { fmix32, fnv1a32, stableHash32 } from '../../targets/placement/stable-hash.ts';
