import { createLocalJWKSet, jwtVerify } from 'jose'
import { expect, test } from 'vitest'
import type { TokenResponse } from '../core/protocol.js'
import { createAuthServer } from './server.js'
import { memoryMailer } from './mailers.js'
import { createMemoryStore } from './stores/memory.js'

// The handler and the memory store use Web APIs only: the whole server runs in a page
// (Storybook, in-browser tests).
test('behavior: the server runs in a browser with the memory store', async () => {
  const mailer = memoryMailer()
  const server = createAuthServer({ store: createMemoryStore(), mailer })
  const post = (path: string, body: unknown) =>
    server.fetch(
      new Request(`${location.origin}/auth${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-latchkey': '1', origin: location.origin },
        body: JSON.stringify(body),
      }),
    )
  expect((await post('/email/start', { email: 'browser@example.com' })).status).toBe(200)
  const code = mailer.last('browser@example.com')!.code
  const verified = await post('/email/verify', { email: 'browser@example.com', code })
  expect(verified.status).toBe(200)
  const tokens = (await verified.json()) as Required<TokenResponse>

  const refreshed = (await (await post('/refresh', { refreshToken: tokens.refreshToken })).json()) as Required<TokenResponse>
  expect(refreshed.session.id).toBe(tokens.session.id)

  const jwks = await (await server.fetch(new Request(`${location.origin}/auth/.well-known/jwks.json`))).json()
  const { payload } = await jwtVerify(refreshed.accessToken, createLocalJWKSet(jwks), { issuer: 'latchkey', audience: 'latchkey' })
  expect(payload.sub).toBe(tokens.session.user.id)
})
