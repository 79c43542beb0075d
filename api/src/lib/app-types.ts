import type { IncomingMessage } from 'node:http';
import type { AppContext } from '../context';
import type { OrgHandle } from '../db/org-registry';
import type { SessionRow, UserRow } from '../services/session.service';

/** Who is asking: set by the guard (lib/define-route.ts) on every non-public route. */
export type AuthState = {
	org: OrgHandle;
	user: UserRow;
	unitIds: string[];
	session: SessionRow;
	idleTimeoutSeconds: number;
};

export type AppEnv = {
	Bindings: { incoming?: IncomingMessage };
	Variables: { ctx: AppContext; auth: AuthState | undefined; requestId: string };
};
