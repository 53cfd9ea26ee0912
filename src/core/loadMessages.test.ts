// @vitest-environment node
import { describe, expect, test } from 'vitest'
import { defaultMessages, resolveMessages } from './messages.js'
import { loadMessages, localeLanguage, peekMessages, shippedLocales } from './loadMessages.js'

describe('loadMessages', () => {
  test('default: English ships built in and overrides nothing', async () => {
    expect(shippedLocales).toEqual(['en', 'fr'])
    expect(await loadMessages('en')).toEqual({})
    expect(await loadMessages(undefined)).toEqual({})
    expect(peekMessages('en-GB')).toEqual({})
  })

  test('behavior: French loads on first use, then is there synchronously for any fr tag', async () => {
    const fr = await loadMessages('fr-CA')
    expect(fr.signIn).toBe('Se connecter')
    expect(peekMessages('fr')).toBe(fr)
    expect(peekMessages('fr-FR')).toBe(fr)
    const messages = resolveMessages(fr)
    expect(messages.errors.invalid_code).toBe('Ce code est incorrect. Vérifiez l’e-mail et réessayez.')
    expect(messages.attemptsLeft({ count: 2 })).toBe('2 essais restants')
  })

  test('behavior: the French pack translates every sentence (the type makes it complete)', async () => {
    const fr = resolveMessages(await loadMessages('fr'))
    // Words that are the same in both languages.
    const same = new Set(['codeLabel', 'codePlaceholder', 'walletsEthereum', 'walletsSolana'])
    const untranslated = Object.keys(defaultMessages).filter((key) => {
      const name = key as keyof typeof defaultMessages
      return !same.has(key) && typeof defaultMessages[name] === 'string' && fr[name] === defaultMessages[name]
    })
    expect(untranslated).toEqual([])
    const errors = Object.keys(defaultMessages.errors) as (keyof typeof defaultMessages.errors)[]
    expect(errors.filter((code) => fr.errors[code] === defaultMessages.errors[code])).toEqual([])
  })

  test('behavior: dates use Intl in the locale', async () => {
    const messages = resolveMessages(await loadMessages('fr'))
    const now = Date.UTC(2026, 10, 21, 12)
    expect(messages.formatTime({ at: now - 5 * 60_000, now })).toBe('il y a 5 minutes')
    expect(messages.formatTime({ at: now - 86_400_000, now })).toBe('hier')
    expect(messages.formatTime({ at: Date.UTC(2026, 0, 2, 12), now })).toBe('2 janv. 2026')
    expect(defaultMessages.formatTime({ at: now - 86_400_000, now })).toBe('yesterday')
  })

  test('parameters: locale — languages not shipped and malformed tags fall back to English', async () => {
    expect(localeLanguage('de-DE')).toBe('en')
    expect(localeLanguage('not a tag!')).toBe('en')
    expect(await loadMessages('de')).toEqual({})
    expect(() => localeLanguage(42 as unknown as string)).toThrow(/`locale` must be a BCP 47 language tag/)
  })
})
