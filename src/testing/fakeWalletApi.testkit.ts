import { vi } from 'vitest'
import type { SessionBody, User, VerifiedCredential } from '../core/index.js'

/**
 * @internal A scripted auth API for the wallet routes (`/nonce`, `/wallet/verify`,
 * `/link/wallet`, `/logout`): it checks the nonce's purpose, parses the signed message's
 * address and answers in the protocol's shapes, so core, React and UI tests of the wallet
 * flows need no server. Signatures are not verified here (src/server's tests do that).
 */
interface Call {
  method: string
  path: string
  body: Record<string, unknown> | undefined
  authorization: string | null
}

function createWalletApi(options: { serverOffset?: number } = {}) {
  const calls: Call[] = []
  const now = () => Date.now() + (options.serverOffset ?? 0)
  const owners = new Map<string, string>() // lowercased address → user id
  const users = new Map<string, User>()
  let counter = 0
  let sessionCounter = 0
  let tokenCounter = 0
  const nonces = new Map<string, 'sign-in' | 'link'>()

  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
  const wallet = (address: string, walletName: unknown): VerifiedCredential => ({
    id: `cred_${(counter += 1)}`,
    format: 'blockchain',
    chain: 'eip155',
    address,
    walletName: String(walletName),
  })
  const body = (user: User, id: string): SessionBody => ({
    id,
    user: structuredClone(user),
    accessTokenExpiresAt: now() + 15 * 60_000,
    expiresAt: now() + 7 * 86_400_000,
    serverNow: now(),
  })
  const field = (message: string, name: string) => new RegExp(`^${name}: (.+)$`, 'm').exec(message)?.[1]
  const addressOf = (message: string) => message.split('\n')[1] ?? ''

  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost')
    const path = url.pathname.replace(/^\/auth/, '')
    const request = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined
    const authorization = new Headers(init?.headers).get('authorization')
    calls.push({ method: init?.method ?? 'GET', path, body: request, authorization })
    if (path === '/nonce') {
      const purpose = request?.purpose as 'sign-in' | 'link'
      if (purpose === 'link' && authorization === null) return json(401, { error: 'unauthorized', message: 'A link nonce needs a session.' })
      const nonce = `n${(counter += 1)}abcdefgh`
      nonces.set(nonce, purpose)
      return json(200, { nonce, expiresAt: now() + 10 * 60_000, serverNow: now() })
    }
    if (path === '/wallet/verify' || path === '/link/wallet') {
      const message = String(request?.message)
      const nonce = field(message, 'Nonce') ?? ''
      const expected = path === '/wallet/verify' ? 'sign-in' : 'link'
      if (nonces.get(nonce) !== expected) return json(400, { error: 'nonce_purpose_mismatch', message: 'Wrong nonce.' })
      nonces.delete(nonce)
      const address = addressOf(message)
      const owner = owners.get(address.toLowerCase())
      if (path === '/wallet/verify') {
        let user = owner ? users.get(owner) : undefined
        if (!user) {
          user = { id: `user_${(counter += 1)}`, email: null, alias: null, name: null, primaryWalletId: null, verifiedCredentials: [wallet(address, request?.walletName)], createdAt: now() }
          users.set(user.id, user)
          owners.set(address.toLowerCase(), user.id)
        }
        return json(200, { session: body(user, `sess_${(sessionCounter += 1)}`), accessToken: `at_${(tokenCounter += 1)}`, refreshToken: `rt_${tokenCounter}` })
      }
      const [, sessionId, userId] = /^Bearer at_\d+:(sess_\d+):(user_\d+)$/.exec(authorization ?? '') ?? []
      const user = users.get(userId ?? '')
      if (!user || !sessionId) return json(401, { error: 'unauthorized', message: 'Sign in first.' })
      if (owner !== undefined && owner !== user.id) return json(409, { error: 'credential_in_use', message: 'That wallet belongs to another user.' })
      if (owner === undefined) {
        user.verifiedCredentials.push(wallet(address, request?.walletName))
        owners.set(address.toLowerCase(), user.id)
      }
      return json(200, { session: body(user, sessionId), accessToken: `at_${(tokenCounter += 1)}` })
    }
    return json(404, { error: 'not_found', message: `No route ${path}.` })
  })
  return { fetch, calls, users, owners }
}

/** Access tokens carry the session and user, so the scripted API can tell who links. */
function withTokens(api: ReturnType<typeof createWalletApi>) {
  const original = api.fetch.getMockImplementation()!
  api.fetch.mockImplementation(async (input, init) => {
    const response = await original(input, init)
    const clone = response.clone()
    const value = (await clone.json().catch(() => null)) as { session?: SessionBody; accessToken?: string } | null
    if (value?.session && value.accessToken) {
      value.accessToken = `${value.accessToken}:${value.session.id}:${value.session.user.id}`
      return new Response(JSON.stringify(value), { status: response.status, headers: response.headers })
    }
    return response
  })
  return api
}


export function createFakeWalletApi(options: { serverOffset?: number } = {}) {
  return withTokens(createWalletApi(options))
}
