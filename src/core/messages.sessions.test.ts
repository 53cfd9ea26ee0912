import { describe, expect, test } from 'vitest'
import { defaultMessages, formatTime, resolveMessages } from './messages.js'

const NOW = Date.UTC(2026, 10, 22, 12)
const MIN = 60_000

describe('session messages (issue 3)', () => {
  test('formatTime: relative when recent, a date after a week', () => {
    expect(formatTime('en', NOW - 10_000, NOW)).toBe('now')
    expect(formatTime('en', NOW - 5 * MIN, NOW)).toBe('5 minutes ago')
    expect(formatTime('en', NOW - 3 * 60 * MIN, NOW)).toBe('3 hours ago')
    expect(formatTime('en', NOW - 24 * 60 * MIN, NOW)).toBe('yesterday')
    expect(formatTime('en', NOW - 30 * 24 * 60 * MIN, NOW)).toBe('Oct 23, 2026')
    expect(formatTime('de', NOW - 5 * MIN, NOW)).toBe('vor 5 Minuten')
  })

  test('deviceName: browser and system, either, or neither', () => {
    expect(defaultMessages.deviceName({ browser: 'Chrome', os: 'macOS' })).toBe('Chrome on macOS')
    expect(defaultMessages.deviceName({ browser: 'Firefox', os: null })).toBe('Firefox')
    expect(defaultMessages.deviceName({ browser: null, os: 'Android' })).toBe('Android')
    expect(defaultMessages.deviceName({ browser: null, os: null })).toBe('Unknown device')
  })

  test('otherSessionsRevoked: none, one, many', () => {
    expect(defaultMessages.otherSessionsRevoked({ count: 0 })).toBe('There were no other sessions.')
    expect(defaultMessages.otherSessionsRevoked({ count: 1 })).toBe('Signed out of 1 other session.')
    expect(defaultMessages.otherSessionsRevoked({ count: 3 })).toBe('Signed out of 3 other sessions.')
  })

  test('parameters: a locale overrides formatTime like any message', () => {
    const de = resolveMessages({ formatTime: ({ at, now }) => formatTime('de', at, now), sessionLastUsed: ({ time }) => `Aktiv ${time}` })
    expect(de.sessionLastUsed({ time: de.formatTime({ at: NOW - 2 * MIN, now: NOW }) })).toBe('Aktiv vor 2 Minuten')
  })
})
