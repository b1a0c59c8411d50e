// The workload model's public surface: pure modules with no Node or k6 APIs, imported by every driver.
export * from './prng.ts';
export * from './zipf.ts';
export * from './workload-config.ts';
export * from './request-mix.ts';
export * from './tiers.ts';
