import type { Role } from '@polku/shared';

/** Who is acting, as services see it (made from the request by lib/request-meta.ts). */
export type Caller = {
	userId: string;
	roles: Role[];
	unitIds: string[];
	sessionId: string | null;
	/** Client address as seen by the server (audit), or null when unknown. */
	address: string | null;
	now: Date;
};
