/**
 * The route table and matching. It only routes: no auth, no parsing.
 * @internal
 */
import type { RouteHandler } from './context.js'
import { devMailbox } from './routes/devMailbox.js'
import { emailStart } from './routes/emailStart.js'
import { emailVerify } from './routes/emailVerify.js'
import { jwks } from './routes/jwks.js'
import { listSessions } from './routes/listSessions.js'
import { logout } from './routes/logout.js'
import { me } from './routes/me.js'
import { refresh } from './routes/refresh.js'
import { revokeOtherSessions } from './routes/revokeOtherSessions.js'
import { revokeSession } from './routes/revokeSession.js'
// wallet-server (issues 4 and 5)
import { deleteCredential } from './routes/deleteCredential.js'
import { linkEmailStart } from './routes/linkEmailStart.js'
import { linkEmailVerify } from './routes/linkEmailVerify.js'
import { linkWallet } from './routes/linkWallet.js'
import { nonce } from './routes/nonce.js'
import { patchMe } from './routes/patchMe.js'
import { walletVerify } from './routes/walletVerify.js'

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  /** Path under the base path; `:name` segments become `params.name`. */
  path: string
  handler: RouteHandler
}

export const routes: Route[] = [
  { method: 'POST', path: '/email/start', handler: emailStart },
  { method: 'POST', path: '/email/verify', handler: emailVerify },
  { method: 'POST', path: '/refresh', handler: refresh },
  { method: 'POST', path: '/logout', handler: logout },
  { method: 'GET', path: '/me', handler: me },
  { method: 'GET', path: '/sessions', handler: listSessions },
  { method: 'DELETE', path: '/sessions', handler: revokeOtherSessions },
  { method: 'DELETE', path: '/sessions/:id', handler: revokeSession },
  { method: 'GET', path: '/.well-known/jwks.json', handler: jwks },
  { method: 'GET', path: '/dev/mailbox', handler: devMailbox },
  // wallet-server (issues 4 and 5): wallets and linking
  { method: 'POST', path: '/nonce', handler: nonce },
  { method: 'POST', path: '/wallet/verify', handler: walletVerify },
  { method: 'PATCH', path: '/me', handler: patchMe },
  { method: 'POST', path: '/link/wallet', handler: linkWallet },
  { method: 'POST', path: '/link/email/start', handler: linkEmailStart },
  { method: 'POST', path: '/link/email/verify', handler: linkEmailVerify },
  { method: 'DELETE', path: '/credentials/:id', handler: deleteCredential },
]

export type Match =
  | { kind: 'route'; route: Route; params: Record<string, string> }
  /** The path exists, not with this method. */
  | { kind: 'method'; allow: string[] }
  | { kind: 'none' }

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/')
  const have = path.split('/')
  if (want.length !== have.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!
    const h = have[i]!
    if (w.startsWith(':')) {
      if (h === '') return undefined
      try {
        params[w.slice(1)] = decodeURIComponent(h)
      } catch {
        return undefined
      }
    } else if (w !== h) return undefined
  }
  return params
}

export function matchRoute(table: readonly Route[], method: string, path: string): Match {
  const allow: string[] = []
  for (const route of table) {
    const params = matchPath(route.path, path)
    if (!params) continue
    if (route.method === method) return { kind: 'route', route, params }
    allow.push(route.method)
  }
  return allow.length > 0 ? { kind: 'method', allow } : { kind: 'none' }
}
