import { expect, test } from 'vitest'
import * as ui from './index.js'

test('exports', () => {
  expect(Object.keys(ui).sort()).toMatchInlineSnapshot(`
    [
      "AccountMenu",
      "AuthButton",
      "EmailSignInForm",
      "LoginModal",
      "SessionTimeoutWarning",
      "WalletMismatchPrompt",
    ]
  `)
})
