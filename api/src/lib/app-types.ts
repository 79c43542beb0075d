import type { IncomingMessage } from 'node:http';
import type { AppContext } from '../context';
import type { OrgHandle } from '../db/org-registry';
import type { DeviceRow } from '../services/device.service';
import type { SessionRow, UserRow } from '../services/session.service';

/** Who is asking: set by the guard (lib/define-route.ts) on every non-public route. */
export type AuthState = {
	org: OrgHandle;
	user: UserRow;
	unitIds: string[];
	session: SessionRow;
	idleTimeoutSeconds: number;
	/** The organisation's device vault lock (deviceLockMinutes × 60). */
	deviceLockSeconds: number;
};

/** The device behind a `device` route's bearer token (set by the guard). Revoked devices too. */
export type DeviceAuth = {
	org: OrgHandle;
	device: DeviceRow;
	user: UserRow;
	unitIds: string[];
};

export type AppEnv = {
	Bindings: { incoming?: IncomingMessage };
	Variables: { ctx: AppContext; auth: AuthState | undefined; device: DeviceAuth | undefined; requestId: string };
};
