import { describe, expect, test } from 'vitest'
import type { User } from '../core/index.js'
import { shortAddress, who } from './who.js'

const base: User = { id: 'usr_1', email: null, alias: null, name: null, verifiedCredentials: [], primaryWalletId: null, createdAt: 0 }

describe('who', () => {
  test('default: the email first', () => {
    expect(
      who({
        ...base,
        email: 'ada@example.com',
        verifiedCredentials: [{ id: 'c', format: 'blockchain', chain: 'eip155', address: '0x1234567890abcdef1234567890abcdef12345678' }],
      }),
    ).toBe('ada@example.com')
  })

  test('behavior: else the short address of the first wallet', () => {
    const user = {
      ...base,
      verifiedCredentials: [{ id: 'c', format: 'blockchain' as const, chain: 'eip155', address: '0x1234567890abcdef1234567890abcdef12345678' }],
    }
    expect(who(user)).toBe('0x1234…5678')
  })

  test('behavior: else alias or name, else null', () => {
    expect(who({ ...base, alias: 'ada' })).toBe('ada')
    expect(who({ ...base, name: 'Ada Lovelace' })).toBe('Ada Lovelace')
    expect(who(base)).toBeNull()
  })

  test('shortAddress: short values stay whole', () => {
    expect(shortAddress('abc')).toBe('abc')
    expect(shortAddress('7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU')).toBe('7xKXtg…gAsU')
  })
})
