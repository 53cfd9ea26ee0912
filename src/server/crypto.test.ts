// @vitest-environment node
import { describe, expect, test } from 'vitest'
import { fromBase64Url, hmac, hmacVerify, importHmacKey, randomDigits, randomToken, seal, toBase64Url, unseal } from './crypto.js'

describe('crypto', () => {
  test('behavior: base64url round-trips and rejects other alphabets', () => {
    const bytes = new Uint8Array([0, 1, 250, 251, 252, 253, 254, 255])
    const text = toBase64Url(bytes)
    expect(text).toBe(Buffer.from(bytes).toString('base64url'))
    expect(fromBase64Url(text)).toEqual(bytes)
    expect(fromBase64Url('ab+/')).toBeUndefined()
    expect(fromBase64Url('a')).toBeUndefined()
  })

  test('behavior: random tokens carry 256 bits', () => {
    const token = randomToken(32)
    expect(fromBase64Url(token)).toHaveLength(32)
    expect(randomToken(32)).not.toBe(token)
  })

  test('behavior: codes are 6 digits, every digit in every position', () => {
    const seen = Array.from({ length: 6 }, () => new Set<string>())
    for (let i = 0; i < 2000; i++) {
      const code = randomDigits(6)
      expect(code).toMatch(/^\d{6}$/)
      ;[...code].forEach((digit, position) => seen[position]!.add(digit))
    }
    // 2000 draws: the chance a digit never shows in a position is about 6e-92.
    for (const digits of seen) expect(digits.size).toBe(10)
  })

  test('behavior: codes are drawn without modulo bias (values above the last full range are redrawn)', () => {
    const real = crypto.getRandomValues.bind(crypto)
    // 4_294_000_000 is at or above the limit (4_294_000_000 = 4294 * 10^6): it must be redrawn.
    const draws = [4_294_967_295, 4_294_000_000, 4_293_999_999]
    const fake = (<T extends ArrayBufferView>(array: T): T => {
      ;(array as unknown as Uint32Array)[0] = draws.shift()!
      return array
    }) as typeof crypto.getRandomValues
    crypto.getRandomValues = fake
    try {
      expect(randomDigits(6)).toBe('999999')
      expect(draws).toHaveLength(0)
    } finally {
      crypto.getRandomValues = real
    }
  })

  test('behavior: HMAC verifies only the same message under the same key', async () => {
    const key = await importHmacKey(new Uint8Array(32).fill(7))
    const other = await importHmacKey(new Uint8Array(32).fill(8))
    const mac = await hmac(key, 'a@example.com:123456')
    expect(await hmacVerify(key, mac, 'a@example.com:123456')).toBe(true)
    expect(await hmacVerify(key, mac, 'a@example.com:123457')).toBe(false)
    expect(await hmacVerify(other, mac, 'a@example.com:123456')).toBe(false)
    expect(await hmacVerify(key, 'not base64url!', 'x')).toBe(false)
  })

  test('behavior: a sealed child opens only with its parent token and context', async () => {
    const sealed = await seal('parent-token', 'child-token', 'child-hash')
    expect(sealed).not.toContain('child-token')
    expect(await unseal('parent-token', sealed, 'child-hash')).toBe('child-token')
    expect(await unseal('other-token', sealed, 'child-hash')).toBeUndefined()
    expect(await unseal('parent-token', sealed, 'other-hash')).toBeUndefined()
    expect(await unseal('parent-token', `${sealed.slice(0, -2)}AA`, 'child-hash')).toBeUndefined()
    expect(await unseal('parent-token', 'short', 'child-hash')).toBeUndefined()
    expect(await seal('parent-token', 'child-token', 'child-hash')).not.toBe(sealed)
  })
})
