import type { Handler } from '../../lib/openapi';
import { requireAuth } from '../../lib/request-meta';
import type * as routes from './organisation.routes';

export const publicKey: Handler<typeof routes.publicKey> = (c) => c.json(requireAuth(c).org.keyring.publicKey(), 200);
