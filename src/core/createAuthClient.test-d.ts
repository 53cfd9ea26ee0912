import { expectTypeOf, test } from 'vitest'
import { createAuthClient } from './createAuthClient.js'
import type { AuthState, ErrorCode, LatchkeyError, User } from './index.js'

test('types', () => {
  const client = createAuthClient()
  expectTypeOf(client.getState()).toEqualTypeOf<AuthState>()
  expectTypeOf(client.verifyEmailSignIn).returns.resolves.toEqualTypeOf<User>()
  expectTypeOf(client.getAccessToken).returns.resolves.toEqualTypeOf<string | null>()

  const state = client.getState()
  switch (state.status) {
    case 'authenticated':
      expectTypeOf(state.network).toEqualTypeOf<'online' | 'offline'>()
      expectTypeOf(state.user).toEqualTypeOf<User>()
      break
    case 'loading':
    case 'unauthenticated':
    case 'visitor':
      // @ts-expect-error only an authenticated state has a user
      void state.user
      break
    default:
      state satisfies never
  }

  client.onAuthStateChange((event) => {
    if (event.type === 'SIGNED_OUT') expectTypeOf(event.reason).toEqualTypeOf<'user' | 'expired' | 'idle' | 'revoked' | 'reuse_detected' | 'wallet_changed' | 'other_tab'>()
  })
  expectTypeOf<LatchkeyError['code']>().toEqualTypeOf<ErrorCode>()

  // @ts-expect-error storage modes are 'app' | 'cookie'
  createAuthClient({ storage: 'local' })
})
