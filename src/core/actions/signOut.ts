import type { Engine } from '../engine.js'
import { enqueueRevocation, flushRevocations } from '../revocations.js'

export type SignOutReturnType = void

/**
 * Signs out: the state is `unauthenticated` and storage is cleared at once (in every tab),
 * `SIGNED_OUT` fires with reason `user`, then the session is revoked on the server
 * (`POST /logout`). Offline, the revocation is queued and sent when the network returns.
 * Never rejects.
 */
export async function signOut(engine: Engine): Promise<SignOutReturnType> {
  const previous = engine.endSession('user')
  if (previous !== null) enqueueRevocation(engine, previous)
  await flushRevocations(engine)
}
