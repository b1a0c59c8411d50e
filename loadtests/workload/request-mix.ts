// Turns the workload model into a deterministic stream of requests: which endpoint, which code, which region.
import { mulberry32, type Random } from './prng.ts';
import { ZipfSampler } from './zipf.ts';
import type { WorkloadConfig } from './workload-config.ts';
import { pickUserAgent } from './user-agents.ts';

export type Endpoint = 'redirect' | 'create' | 'metadata' | 'unknown' | 'slow';
export const ENDPOINTS: readonly Endpoint[] = ['redirect', 'create', 'metadata', 'unknown', 'slow'];
/** The GET of a code just created (workload followAfterCreate): sent by the driver when the create's 201 arrives. */
export const FOLLOW_ENDPOINT = 'follow';

export interface PlannedRequest {
  endpoint: Endpoint;
  method: 'GET' | 'POST';
  path: string;
  /** JSON body for creates. */
  body?: string;
  /** Creates only: the client follows the new code as soon as the 201 arrives (workload followAfterCreate). */
  follow?: boolean;
  /** Popularity rank (1 = hottest) of the code asked for; 0 for creates and unknown codes. */
  rank: number;
  /** Region tag, or undefined when the workload has no region mix. */
  region?: string;
  /** Emulated RTT of that region to the origin (ms), when the workload has one: the generator adds it to the latency. */
  rttMs?: number;
  /** The emulated user sending it (0-based; per stream), when the workload has users: whose browser cache applies. */
  user?: number;
  /** User-Agent to send, when the workload draws them. */
  userAgent?: string;
}

/**
 * Draws requests for one generator stream. `codes[i]` is the code of popularity rank i+1 (the caller decides
 * which seeded link is hottest). Streams with different `streamId` draw independent sequences from one seed.
 */
export class RequestMix {
  private readonly random: Random;
  private readonly zipf: ZipfSampler;
  private readonly writeP: number;
  private readonly regionNames: string[];
  private readonly regionCdf: number[];
  private createSeq = 0;

  constructor(
    private readonly config: WorkloadConfig,
    private readonly codes: readonly string[],
    private readonly streamId = 0,
  ) {
    if (codes.length === 0) throw new RangeError('request mix: no seeded codes to draw from');
    this.random = mulberry32((config.seed * 0x9e3779b1 + streamId * 0x85ebca6b) >>> 0);
    this.zipf = new ZipfSampler(codes.length, config.zipfSkew);
    this.writeP = 1 / (config.readWriteRatio + 1);
    this.regionNames = Object.keys(config.regions).filter((r) => config.regions[r] > 0);
    const total = this.regionNames.reduce((a, r) => a + config.regions[r], 0);
    let acc = 0;
    this.regionCdf = this.regionNames.map((r) => (acc += config.regions[r] / total));
  }

  next(): PlannedRequest {
    const region = this.pickRegion();
    const req = this.draw(region);
    const rtt = region === undefined ? undefined : this.config.regionRttMs?.[region];
    if (rtt) req.rttMs = rtt;
    // Drawn only when asked for, so workloads without users or User-Agents keep their request sequences.
    const users = this.config.users ?? 0;
    if (users > 0) req.user = Math.floor(this.random() * users);
    if (this.config.userAgents === true) req.userAgent = pickUserAgent(req.user === undefined ? this.random() : userDraw(req.user, this.config.seed));
    return req;
  }

  private draw(region: string | undefined): PlannedRequest {
    if (this.random() < this.writeP) {
      const n = this.createSeq++;
      const url = `https://example.org/s${this.streamId}/${n}/${Math.floor(this.random() * 1e9).toString(36)}`;
      const req: PlannedRequest = { endpoint: 'create', method: 'POST', path: '/api/links', body: JSON.stringify({ url }), rank: 0, region };
      // Drawn only when asked for, so workloads without follows keep the request sequence they always had.
      const share = this.config.followAfterCreate ?? 0;
      if (share > 0 && (share >= 1 || this.random() < share)) req.follow = true;
      return req;
    }
    const u = this.random();
    if (u < this.config.unknownShare) {
      // 7 chars like real codes, but with a '_' no auto code ever has: guaranteed unknown.
      const code = `_${Math.floor(this.random() * 2 ** 32).toString(36).padStart(6, '0').slice(0, 6)}`;
      return { endpoint: 'unknown', method: 'GET', path: `/${code}`, rank: 0, region };
    }
    const rank = this.zipf.sample(this.random);
    const code = this.codes[rank - 1];
    if (u < this.config.unknownShare + this.config.metadataShare) {
      return { endpoint: 'metadata', method: 'GET', path: `/api/links/${code}`, rank, region };
    }
    if (u < this.config.unknownShare + this.config.metadataShare + (this.config.slowShare ?? 0)) {
      return { endpoint: 'slow', method: 'GET', path: `/${code}?work-ms=${this.config.slowMs}`, rank, region };
    }
    return { endpoint: 'redirect', method: 'GET', path: `/${code}`, rank, region };
  }

  private pickRegion(): string | undefined {
    if (this.regionNames.length === 0) return undefined;
    const u = this.random();
    for (let i = 0; i < this.regionCdf.length; i++) if (u < this.regionCdf[i]) return this.regionNames[i];
    return this.regionNames[this.regionNames.length - 1];
  }
}

/** A fixed draw in [0, 1) per user, so one user keeps one browser for the whole run. */
function userDraw(user: number, seed: number): number {
  return mulberry32((user * 0x9e3779b1 + seed * 0x85ebca6b + 1) >>> 0)();
}
