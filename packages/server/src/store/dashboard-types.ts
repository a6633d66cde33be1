import type { ImageAnalysisSummary } from './analysis-types.js';
import type { ImageRow, Role } from './types.js';

/**
 * Persistence for the dashboard: sign-in sessions, webhook health and the per-repository views (latest image,
 * severity trend). Part of `Store` (see `types.ts`); kept in its own file so the dashboard schema reads in one place.
 */

export interface SessionRow {
  /** sha256 of the session token. The token itself is never stored. */
  tokenHash: Buffer;
  apiKeyId: string;
  orgId: string;
  role: Role;
  createdAt: number;
  /** Absolute end of the session. */
  expiresAt: number;
  /** The last request seen, for the idle timeout (updated at most once a minute). */
  lastSeenAt: number;
}

/** A session with what every request must re-check: the key may have been revoked since sign-in. */
export interface SessionLookup extends SessionRow {
  orgName: string;
  keyRevoked: boolean;
}

export interface WebhookHealthRow {
  lastEventAt: number | null;
  lastHandshakeAt: number | null;
  eventsSince: number;
  deadJobs: number;
}

/** One stored matching of an image of a repository, for the severity trend. */
export interface RepositoryMatchRow {
  /** Order of the match history entry (ties on `at`). */
  seq: number;
  imageSeq: number;
  digest: string;
  platform: ImageRow['platform'];
  kind: 'analysis' | 'rematch';
  at: number;
  counts: ImageAnalysisSummary['vulnerabilities'] | null;
}

export interface DashboardStore {
  insertSession(row: SessionRow): Promise<void>;
  getSession(tokenHash: Buffer): Promise<SessionLookup | undefined>;
  /** Moves `lastSeenAt` forward; a no-op for a deleted session. */
  touchSession(tokenHash: Buffer, now: number): Promise<void>;
  deleteSession(tokenHash: Buffer): Promise<boolean>;
  /** Deletes sessions past their absolute end, idle since `idleBefore`, or whose key was revoked. */
  purgeSessions(now: number, idleBefore: number): Promise<number>;

  /** Remembers when the webhook last answered an Event Grid validation handshake. */
  recordHandshake(integrationId: string, at: number): Promise<void>;
  /** Webhook health per integration id: last event, last handshake, events received since `since`, dead jobs. */
  webhookHealth(integrationIds: string[], since: number): Promise<Map<string, WebhookHealthRow>>;
  /**
   * The newest image of each named repository (most recently recorded; among the platforms of one push,
   * linux/amd64 first), in one query. Deleted images count only with `includeDeleted`.
   */
  latestImages(integrationId: string, repositories: string[], includeDeleted?: boolean): Promise<Map<string, ImageRow>>;
  /** Every stored matching of every image of the repository, oldest first. */
  repositoryMatchHistory(integrationId: string, repository: string): Promise<RepositoryMatchRow[]>;
}
