import { describe, expect, test } from 'vitest'
import { defaultMessages, errorMessage, formatCountdown, resolveMessages } from './messages.js'
import { LatchkeyError } from './errors.js'

describe('resolveMessages', () => {
  test('default: no overrides returns the defaults themselves', () => {
    expect(resolveMessages()).toBe(defaultMessages)
  })

  test('parameters: overrides replace single strings and single error texts', () => {
    const fr = resolveMessages({ signIn: 'Se connecter', errors: { invalid_code: 'Code incorrect.' }, signedOutReason: { user: 'Déconnecté.' } })
    expect(fr.signIn).toBe('Se connecter')
    expect(fr.signOut).toBe(defaultMessages.signOut)
    expect(fr.errors.invalid_code).toBe('Code incorrect.')
    expect(fr.errors.code_expired).toBe(defaultMessages.errors.code_expired)
    expect(fr.signedOutReason.user).toBe('Déconnecté.')
    expect(fr.signedOutReason.expired).toBe(defaultMessages.signedOutReason.expired)
  })

  test('behavior: undefined overrides keep the default', () => {
    expect(resolveMessages({ signIn: undefined }).signIn).toBe('Sign in')
  })
})

describe('messages', () => {
  test('behavior: every text is non-empty', () => {
    for (const [key, value] of Object.entries(defaultMessages)) {
      if (typeof value === 'string') expect(value, key).not.toBe('')
    }
    for (const [code, text] of Object.entries(defaultMessages.errors)) expect(text, code).not.toBe('')
  })

  test('formatCountdown', () => {
    expect(formatCountdown(299_001)).toBe('5:00')
    expect(formatCountdown(299_000)).toBe('4:59')
    expect(formatCountdown(7_000)).toBe('0:07')
    expect(formatCountdown(3_723_000)).toBe('1:02:03')
    expect(formatCountdown(-5)).toBe('0:00')
  })

  test('errorMessage', () => {
    expect(errorMessage(defaultMessages, new LatchkeyError('invalid_code', 'x'))).toBe(defaultMessages.errors.invalid_code)
    expect(errorMessage(defaultMessages, new Error('boom'))).toBe(defaultMessages.unknownError)
    expect(defaultMessages.sessionEndsIn({ time: formatCountdown(299_000) })).toBe('Your session ends in 4:59')
  })
})
