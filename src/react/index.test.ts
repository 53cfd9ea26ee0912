import { expect, test } from 'vitest'
import * as react from './index.js'

test('exports', () => {
  expect(Object.keys(react).sort()).toMatchInlineSnapshot(`
    [
      "AuthProvider",
      "SignedIn",
      "SignedOut",
      "useAuth",
      "useAuthClient",
      "useAuthState",
      "useCountdown",
      "useDisconnectWallet",
      "useEmailSignIn",
      "useLinkEmail",
      "useLinkWallet",
      "useMessages",
      "useSessionExpiry",
      "useSessions",
      "useSignOut",
      "useUnlinkCredential",
      "useUpdateUser",
      "useUser",
      "useUserWallets",
      "useVisitor",
      "useWalletAccount",
      "useWalletMismatch",
      "useWalletSignIn",
      "useWallets",
    ]
  `)
})
