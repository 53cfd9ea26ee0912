import { ed25519 } from '@noble/curves/ed25519.js'
import { base58 } from '@scure/base'
import { describe, expect, test, vi } from 'vitest'
import { parseSiwsMessage, verifySiws } from '../../server/wallet/siws.js'
import { createTestSolanaWallet, type TestSolanaWallet } from './solanaTestWallet.js'

const SEED_A = new Uint8Array(32).fill(1)
const SEED_B = new Uint8Array(32).fill(2)
const ADDRESS_A = base58.encode(ed25519.getPublicKey(SEED_A))
const ADDRESS_B = base58.encode(ed25519.getPublicKey(SEED_B))

const NOW = Date.parse('2026-05-01T12:00:00.000Z')
const signInInput = {
  domain: 'app.example.com',
  statement: 'Sign in to Example.',
  uri: 'https://app.example.com/login',
  version: '1',
  chainId: 'solana:mainnet',
  nonce: 'n0nce1234abcd',
  issuedAt: new Date(NOW - 1_000).toISOString(),
  expirationTime: new Date(NOW + 10 * 60_000).toISOString(),
}
const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes)

async function failure(promise: Promise<unknown>): Promise<Error & { code?: number }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error, 'expected a failure').toBeInstanceOf(Error)
  return error as Error & { code?: number }
}

const connect = (wallet: TestSolanaWallet, input?: { silent?: boolean }) => wallet.features['standard:connect'].connect(input)

describe('createTestSolanaWallet', () => {
  test('default', async () => {
    const wallet = createTestSolanaWallet({ secretKey: SEED_A })
    expect(wallet).toMatchObject({ version: '1.0.0', name: 'Dev Solana wallet', chains: ['solana:mainnet', 'solana:devnet'] })
    expect(wallet.icon).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(Object.keys(wallet.features).sort()).toEqual([
      'solana:signIn',
      'solana:signMessage',
      'solana:signTransaction',
      'standard:connect',
      'standard:disconnect',
      'standard:events',
    ])
    expect(wallet.address).toBe(ADDRESS_A)
    expect(wallet.accounts).toEqual([])
    const { accounts } = await connect(wallet)
    expect(accounts).toHaveLength(1)
    expect(accounts[0]).toMatchObject({ address: ADDRESS_A, chains: ['solana:mainnet', 'solana:devnet'] })
    expect(accounts[0]!.publicKey).toEqual(ed25519.getPublicKey(SEED_A))
    expect(accounts[0]!.features).toEqual(expect.arrayContaining(['solana:signMessage', 'solana:signIn', 'solana:signTransaction']))
    expect(wallet.accounts[0]).toBe(accounts[0])
  })

  test('parameters: secretKey must be a 32-byte seed; none makes a fresh account', () => {
    expect(() => createTestSolanaWallet({ secretKey: new Uint8Array(64) })).toThrow(TypeError)
    expect(createTestSolanaWallet().address).not.toBe(createTestSolanaWallet().address)
    expect(createTestSolanaWallet({ name: 'Other' }).name).toBe('Other')
  })

  test('behavior: solana:signIn output verifies with verifySiws', async () => {
    const wallet = createTestSolanaWallet({ secretKey: SEED_A })
    const [output] = await wallet.features['solana:signIn'].signIn(signInInput)
    expect(output!.signatureType).toBe('ed25519')
    expect(output!.account.address).toBe(ADDRESS_A)
    const message = decode(output!.signedMessage)
    expect(parseSiwsMessage(message)).toMatchObject({ ...signInInput, address: ADDRESS_A })

    const verified = verifySiws(
      { message, signature: base58.encode(output!.signature), address: output!.account.address },
      { domains: ['app.example.com'], uris: ['https://app.example.com/login'], chainIds: ['solana:mainnet'], nonce: 'n0nce1234abcd', now: NOW },
    )
    expect(verified).toMatchObject({ address: ADDRESS_A, chainId: 'solana:mainnet', nonce: 'n0nce1234abcd' })
    // Signing in connects the account.
    expect(wallet.accounts.map((a) => a.address)).toEqual([ADDRESS_A])
  })

  test('behavior: solana:signIn with an empty input writes the minimal message for the page', async () => {
    const wallet = createTestSolanaWallet({ secretKey: SEED_A })
    const [output] = await wallet.features['solana:signIn'].signIn({})
    expect(decode(output!.signedMessage)).toBe(`${window.location.host} wants you to sign in with your Solana account:\n${ADDRESS_A}`)
    await expect(wallet.features['solana:signIn'].signIn({ ...signInInput, address: ADDRESS_B })).rejects.toThrow(/requested for/)
  })

  test('behavior: solana:signMessage signs the exact bytes with ed25519', async () => {
    const wallet = createTestSolanaWallet({ secretKey: SEED_A })
    const message = new Uint8Array([0, 1, 2, 250, 255])
    const notConnected = await failure(wallet.features['solana:signMessage'].signMessage({ account: { address: ADDRESS_A } as never, message }))
    expect(notConnected.message).toMatch(/not connected/)
    const [account] = (await connect(wallet)).accounts
    const [output] = await wallet.features['solana:signMessage'].signMessage({ account: account!, message })
    expect(output!.signedMessage).toEqual(message)
    expect(ed25519.verify(output!.signature, message, account!.publicKey)).toBe(true)
    expect(ed25519.verify(output!.signature, new Uint8Array([0, 1, 2, 250, 254]), account!.publicKey)).toBe(false)
  })

  test('behavior: solana:signTransaction signs legacy and v0 transactions in the signer slot', async () => {
    const wallet = createTestSolanaWallet({ secretKey: SEED_A })
    const [account] = (await connect(wallet)).accounts
    const feePayer = ed25519.getPublicKey(SEED_B)
    const blockhash = new Uint8Array(32).fill(9)
    const systemProgram = new Uint8Array(32)
    // Two signers (the fee payer, then our account), one read-only program, no instructions.
    const legacyMessage = Uint8Array.from([2, 0, 1, 3, ...feePayer, ...account!.publicKey, ...systemProgram, ...blockhash, 0])
    const v0Message = Uint8Array.from([0x80, ...legacyMessage, 0])
    for (const message of [legacyMessage, v0Message]) {
      const transaction = Uint8Array.from([2, ...new Uint8Array(128), ...message])
      const [{ signedTransaction }] = (await wallet.features['solana:signTransaction'].signTransaction({ account: account!, transaction })) as [
        { signedTransaction: Uint8Array },
      ]
      expect(signedTransaction.subarray(1, 65)).toEqual(new Uint8Array(64)) // the fee payer's slot is untouched
      expect(ed25519.verify(signedTransaction.subarray(65, 129), message, account!.publicKey)).toBe(true)
      expect(signedTransaction.subarray(129)).toEqual(message)
    }
    // A transaction our account does not sign.
    const other = Uint8Array.from([1, ...new Uint8Array(64), 1, 0, 1, 2, ...feePayer, ...systemProgram, ...blockhash, 0])
    await expect(wallet.features['solana:signTransaction'].signTransaction({ account: account!, transaction: other })).rejects.toThrow(/not a required signer/)
  })

  test('behavior: rejectNext() refuses the next prompt with 4001, once', async () => {
    const wallet = createTestSolanaWallet({ secretKey: SEED_A })
    wallet.rejectNext()
    // A silent connect never prompts, so it is not the one refused.
    expect((await connect(wallet, { silent: true })).accounts).toEqual([])
    expect((await failure(connect(wallet))).code).toBe(4001)
    expect(wallet.accounts).toEqual([])
    expect((await connect(wallet)).accounts).toHaveLength(1)

    wallet.rejectNext('solana:signIn')
    const [account] = wallet.accounts
    await expect(wallet.features['solana:signMessage'].signMessage({ account: account!, message: new Uint8Array([1]) })).resolves.toHaveLength(1)
    expect((await failure(wallet.features['solana:signIn'].signIn(signInInput))).code).toBe(4001)
    await expect(wallet.features['solana:signIn'].signIn(signInInput)).resolves.toHaveLength(1)
  })

  test('behavior: change events on connect, account switch and disconnect; silent connect after disconnect finds nothing', async () => {
    const wallet = createTestSolanaWallet({ secretKey: SEED_A })
    const change = vi.fn()
    const off = wallet.features['standard:events'].on('change', change)

    expect(wallet.switchAccount(SEED_B)).toBe(ADDRESS_B)
    expect(change).not.toHaveBeenCalled() // not connected: nothing to tell
    wallet.switchAccount(SEED_A)

    await connect(wallet)
    expect(change).toHaveBeenLastCalledWith({ accounts: [expect.objectContaining({ address: ADDRESS_A })] })
    expect((await connect(wallet, { silent: true })).accounts).toHaveLength(1)

    wallet.switchAccount(SEED_B)
    expect(change).toHaveBeenLastCalledWith({ accounts: [expect.objectContaining({ address: ADDRESS_B })] })
    expect(wallet.accounts[0]!.address).toBe(ADDRESS_B)

    await wallet.features['standard:disconnect'].disconnect()
    expect(change).toHaveBeenLastCalledWith({ accounts: [] })
    expect((await connect(wallet, { silent: true })).accounts).toEqual([])

    off()
    await connect(wallet)
    expect(change).toHaveBeenCalledTimes(3)
    expect(() => wallet.switchAccount(new Uint8Array(31))).toThrow(TypeError)
  })

  test('behavior: register() follows the Wallet Standard window protocol, in either order', () => {
    const registered: unknown[] = []
    const unregistered: unknown[] = []
    const api = {
      register: (...wallets: unknown[]) => {
        registered.push(...wallets)
        return () => unregistered.push(...wallets)
      },
    }
    const target = new EventTarget()

    // An app already listening hears the wallet register.
    const onRegister = (event: Event) => (event as CustomEvent<(app: typeof api) => void>).detail(api)
    target.addEventListener('wallet-standard:register-wallet', onRegister)
    const first = createTestSolanaWallet()
    const stopFirst = first.register(target)
    expect(registered).toEqual([first])
    target.removeEventListener('wallet-standard:register-wallet', onRegister)

    // An app that loads later announces itself and every registered wallet answers.
    const second = createTestSolanaWallet()
    const stopSecond = second.register(target)
    target.dispatchEvent(new CustomEvent('wallet-standard:app-ready', { detail: api }))
    expect(registered).toEqual([first, first, second])

    stopFirst()
    expect(unregistered).toEqual([first, first])
    target.dispatchEvent(new CustomEvent('wallet-standard:app-ready', { detail: api }))
    expect(registered).toEqual([first, first, second, second])
    stopSecond()
  })

  test('parameters: register() defaults to window', () => {
    const seen = vi.fn()
    window.addEventListener('wallet-standard:register-wallet', seen)
    const stop = createTestSolanaWallet().register()
    window.removeEventListener('wallet-standard:register-wallet', seen)
    stop()
    expect(seen).toHaveBeenCalledTimes(1)
  })

  // --- omitFeatures (issue 5, solana): wallets without solana:signIn, as many still are.
  test('parameters: omitFeatures leaves features out of the wallet and its accounts', async () => {
    const wallet = createTestSolanaWallet({ secretKey: new Uint8Array(32).fill(1), omitFeatures: ['solana:signIn'] })
    expect(Object.keys(wallet.features)).not.toContain('solana:signIn')
    expect(Object.keys(wallet.features)).toContain('solana:signMessage')
    const { accounts } = await wallet.features['standard:connect'].connect()
    expect(accounts[0]?.features).toEqual(['solana:signMessage', 'solana:signTransaction'])
  })
})
