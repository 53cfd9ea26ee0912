import { useEffect, useState } from 'react'
import type { AuthState } from 'latchkey'
import { useAuthState, useUser } from 'latchkey/react'
import { MeCall } from './MeCall.js'

const selectSession = (state: AuthState) => (state.status === 'authenticated' ? state.session : null)
const selectNetwork = (state: AuthState) => (state.status === 'authenticated' ? state.network : null)

/** "in 14 min 32 s" / "3 s ago", for deadlines in local-clock milliseconds. */
function relative(at: number, now: number): string {
  const seconds = Math.round((at - now) / 1000)
  const abs = Math.abs(seconds)
  const text =
    abs >= 86_400
      ? `${Math.floor(abs / 86_400)} d ${Math.floor((abs % 86_400) / 3600)} h`
      : abs >= 3600
        ? `${Math.floor(abs / 3600)} h ${Math.floor((abs % 3600) / 60)} min`
        : abs >= 60
          ? `${Math.floor(abs / 60)} min ${abs % 60} s`
          : `${abs} s`
  return seconds >= 0 ? `in ${text}` : `${text} ago`
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(id)
  }, [intervalMs])
  return now
}

/** The signed-in user and both session deadlines (only rendered inside `<SignedIn>`). */
export function SessionPanel() {
  const user = useUser()
  const session = useAuthState(selectSession)
  const network = useAuthState(selectNetwork)
  const now = useNow(1000)
  if (!user || !session) return null

  return (
    <section className="playground-card" data-testid="signed-in">
      <h2>
        Signed in as <span data-testid="user-email">{user.email ?? user.id}</span>
      </h2>
      <dl className="playground-facts">
        <dt>User id</dt>
        <dd>
          <code>{user.id}</code>
        </dd>
        <dt>Credentials</dt>
        <dd>
          {user.verifiedCredentials
            .map((credential) => (credential.format === 'email' ? `email ${credential.email}` : `${credential.chain} ${credential.address}`))
            .join(', ')}
        </dd>
        <dt>Session</dt>
        <dd>
          <code>{session.id}</code> ({network})
        </dd>
        <dt>Access token expires</dt>
        <dd data-testid="access-expires">
          {new Date(session.accessTokenExpiresAt).toLocaleTimeString()} ({relative(session.accessTokenExpiresAt, now)}; refreshed
          automatically before then)
        </dd>
        <dt>Session ends</dt>
        <dd data-testid="session-expires">
          {new Date(session.expiresAt).toLocaleString()} ({relative(session.expiresAt, now)}; absolute, sign in again after)
        </dd>
      </dl>
      <MeCall />
    </section>
  )
}
