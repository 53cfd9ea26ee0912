import { ed25519 } from '@noble/curves/ed25519.js'
import { base58 } from '@scure/base'
import { userRejected } from './errors.js'
import { solanaTestWalletIcon, type WalletIcon } from './icons.js'

// Wallet Standard shapes (https://github.com/wallet-standard/wallet-standard), written out
// here rather than adding @wallet-standard/* for a handful of interfaces.

/** A Wallet Standard account. */
export interface TestSolanaWalletAccount {
  readonly address: string
  readonly publicKey: Uint8Array
  readonly chains: readonly `${string}:${string}`[]
  readonly features: readonly `${string}:${string}`[]
  readonly label?: string
  readonly icon?: WalletIcon
}

/** `solana:signIn` input: every field optional (SIWS specification, "Sign-In Input Fields"). */
export interface SolanaSignInInput {
  domain?: string
  address?: string
  statement?: string
  uri?: string
  version?: string
  chainId?: string
  nonce?: string
  issuedAt?: string
  expirationTime?: string
  notBefore?: string
  requestId?: string
  resources?: readonly string[]
}

export interface SolanaSignInOutput {
  account: TestSolanaWalletAccount
  signedMessage: Uint8Array
  signature: Uint8Array
  signatureType: 'ed25519'
}

export interface SolanaSignMessageOutput {
  signedMessage: Uint8Array
  signature: Uint8Array
  signatureType: 'ed25519'
}

type ChangeListener = (properties: { accounts?: readonly TestSolanaWalletAccount[] }) => void

/** The features the test wallet implements, keyed by their Wallet Standard names. */
export interface TestSolanaWalletFeatures {
  'standard:connect': {
    version: '1.0.0'
    connect(input?: { silent?: boolean }): Promise<{ accounts: readonly TestSolanaWalletAccount[] }>
  }
  'standard:disconnect': { version: '1.0.0'; disconnect(): Promise<void> }
  'standard:events': { version: '1.0.0'; on(event: 'change', listener: ChangeListener): () => void }
  'solana:signMessage': {
    version: '1.1.0'
    signMessage(...inputs: Array<{ account: TestSolanaWalletAccount; message: Uint8Array }>): Promise<SolanaSignMessageOutput[]>
  }
  'solana:signIn': { version: '1.0.0'; signIn(...inputs: SolanaSignInInput[]): Promise<SolanaSignInOutput[]> }
  'solana:signTransaction': {
    version: '1.0.0'
    supportedTransactionVersions: readonly ['legacy', 0]
    signTransaction(
      ...inputs: Array<{ account: TestSolanaWalletAccount; transaction: Uint8Array; chain?: string }>
    ): Promise<Array<{ signedTransaction: Uint8Array }>>
  }
}

export interface CreateTestSolanaWalletParameters {
  /** The account's 32-byte ed25519 seed. Defaults to a fresh random one. */
  secretKey?: Uint8Array
  /** Shown by wallet pickers. Defaults to `Dev Solana wallet`. */
  name?: string
  /** Features to leave out, to test an app against wallets without them (e.g. `['solana:signIn']`). */
  omitFeatures?: ReadonlyArray<'solana:signIn' | 'solana:signMessage' | 'solana:signTransaction'>
}

/**
 * A Wallet Standard wallet that really signs with an ed25519 key, with controls for tests.
 * `accounts` is empty until the app connects (or signs in), as in Phantom.
 */
export interface TestSolanaWallet {
  readonly version: '1.0.0'
  readonly name: string
  readonly icon: WalletIcon
  readonly chains: readonly ['solana:mainnet', 'solana:devnet']
  /** The accounts the app may use: empty until it connects. */
  readonly accounts: readonly TestSolanaWalletAccount[]
  readonly features: TestSolanaWalletFeatures
  /** The selected account's base58 address (whether or not the app is connected). */
  readonly address: string
  /** The user switches to another key; a connected app gets a `change` event. Returns the new address. */
  switchAccount(secretKey: Uint8Array): string
  /** The next prompt (or the next call of `feature`, e.g. `solana:signIn`) fails with code 4001. */
  rejectNext(feature?: keyof TestSolanaWalletFeatures): void
  /** Registers with Wallet Standard discovery on `target` (default `window`). Returns a function that unregisters. */
  register(target?: EventTarget): () => void
}

const CHAINS = ['solana:mainnet', 'solana:devnet'] as const
const ACCOUNT_FEATURES = ['solana:signMessage', 'solana:signIn', 'solana:signTransaction'] as const

/**
 * Creates a Wallet Standard test wallet for Solana. `solana:signIn` writes the
 * Sign-In-With-Solana message from its input (SIWS specification), signs it, and returns
 * what a real wallet returns, so the server's `verifySiws` can check it.
 *
 * @example
 * const wallet = createTestSolanaWallet({ secretKey: new Uint8Array(32).fill(1) })
 * const stop = wallet.register() // discovery (`getWallets()`, wallet-adapter) finds "Dev Solana wallet"
 * wallet.rejectNext('solana:signIn') // the user will refuse to sign in
 */
export function createTestSolanaWallet(parameters: CreateTestSolanaWalletParameters = {}): TestSolanaWallet {
  const { name = 'Dev Solana wallet' } = parameters
  let seed = checkSeed(parameters.secretKey ?? ed25519.utils.randomSecretKey(), 'createTestSolanaWallet')
  const omitted = new Set<string>(parameters.omitFeatures ?? [])
  const accountFeatures = ACCOUNT_FEATURES.filter((key) => !omitted.has(key))
  let account = accountFor(seed, accountFeatures)
  let authorized = false
  let rejection: { feature: string | undefined } | undefined
  const listeners = new Set<ChangeListener>()

  const exposed = (): readonly TestSolanaWalletAccount[] => (authorized ? [account] : [])
  const emitChange = () => {
    for (const listener of [...listeners]) listener({ accounts: exposed() })
  }
  function prompt(feature: keyof TestSolanaWalletFeatures): void {
    if (rejection && (rejection.feature === undefined || rejection.feature === feature)) {
      rejection = undefined
      throw userRejected()
    }
  }
  function authorize(): void {
    if (authorized) return
    authorized = true
    emitChange()
  }
  function connectedAccount(candidate: { address?: unknown } | undefined): TestSolanaWalletAccount {
    if (!authorized || candidate?.address !== account.address)
      throw new Error(`The account ${String(candidate?.address)} is not connected to this app: connect first.`)
    return account
  }
  const sign = (bytes: Uint8Array) => ed25519.sign(bytes, seed)

  const allFeatures: TestSolanaWalletFeatures = {
    'standard:connect': {
      version: '1.0.0',
      async connect(input) {
        // A silent connect never prompts: it only restores an authorization the user gave.
        if (input?.silent) return { accounts: exposed() }
        prompt('standard:connect')
        authorize()
        return { accounts: exposed() }
      },
    },
    'standard:disconnect': {
      version: '1.0.0',
      async disconnect() {
        if (!authorized) return
        authorized = false
        emitChange()
      },
    },
    'standard:events': {
      version: '1.0.0',
      on(event, listener) {
        if (event !== 'change') return () => {}
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
    'solana:signMessage': {
      version: '1.1.0',
      async signMessage(...inputs) {
        prompt('solana:signMessage')
        return inputs.map(({ account: candidate, message }) => {
          connectedAccount(candidate)
          const signedMessage = Uint8Array.from(message)
          return { signedMessage, signature: sign(signedMessage), signatureType: 'ed25519' as const }
        })
      },
    },
    'solana:signIn': {
      version: '1.0.0',
      async signIn(...inputs) {
        prompt('solana:signIn')
        const outputs = inputs.map((input) => {
          if (input.address !== undefined && input.address !== account.address)
            throw new Error(`Sign-in was requested for ${input.address}, but the wallet's account is ${account.address}.`)
          const domain = input.domain ?? (typeof window === 'undefined' ? undefined : window.location.host)
          if (!domain) throw new Error('signIn: no `domain` in the input, and no page to take it from.')
          const signedMessage = new TextEncoder().encode(createSignInMessageText({ ...input, domain, address: account.address }))
          return { account, signedMessage, signature: sign(signedMessage), signatureType: 'ed25519' as const }
        })
        // Signing in connects the account, as in Phantom.
        authorize()
        return outputs
      },
    },
    'solana:signTransaction': {
      version: '1.0.0',
      supportedTransactionVersions: ['legacy', 0],
      async signTransaction(...inputs) {
        prompt('solana:signTransaction')
        return inputs.map(({ account: candidate, transaction }) => {
          connectedAccount(candidate)
          return { signedTransaction: signTransactionBytes(transaction, account.publicKey, sign) }
        })
      },
    },
  }

  // Partial when features are omitted; the type keeps naming what the wallet can implement.
  const features = Object.fromEntries(Object.entries(allFeatures).filter(([key]) => !omitted.has(key))) as unknown as TestSolanaWalletFeatures

  const wallet: TestSolanaWallet = {
    version: '1.0.0',
    name,
    icon: solanaTestWalletIcon,
    chains: CHAINS,
    get accounts() {
      return exposed()
    },
    features,
    get address() {
      return account.address
    },
    switchAccount(secretKey) {
      const next = checkSeed(secretKey, 'switchAccount')
      const nextAccount = accountFor(next, accountFeatures)
      if (nextAccount.address === account.address) return account.address
      seed = next
      account = nextAccount
      if (authorized) emitChange()
      return account.address
    },
    rejectNext(feature) {
      rejection = { feature }
    },
    register(target) {
      const eventTarget = target ?? (typeof window === 'undefined' ? undefined : window)
      if (!eventTarget) throw new TypeError('register: there is no `window` here; pass the EventTarget to register on.')
      // The Wallet Standard's window protocol (@wallet-standard/wallet `registerWallet`): announce
      // to apps already listening, and answer every app that loads later.
      const unregisters: Array<() => void> = []
      const callback = (api: { register(...wallets: unknown[]): () => void }) => {
        unregisters.push(api.register(wallet))
      }
      const onAppReady = (event: Event) => callback((event as CustomEvent<Parameters<typeof callback>[0]>).detail)
      eventTarget.dispatchEvent(new CustomEvent('wallet-standard:register-wallet', { detail: callback }))
      eventTarget.addEventListener('wallet-standard:app-ready', onAppReady)
      return () => {
        eventTarget.removeEventListener('wallet-standard:app-ready', onAppReady)
        for (const unregister of unregisters.splice(0)) unregister()
      }
    },
  }
  return wallet
}

function checkSeed(secretKey: Uint8Array, fn: string): Uint8Array {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== 32)
    throw new TypeError(`${fn}: \`secretKey\` must be a 32-byte ed25519 seed (a Uint8Array).`)
  return Uint8Array.from(secretKey)
}

function accountFor(seed: Uint8Array, features: TestSolanaWalletAccount['features']): TestSolanaWalletAccount {
  const publicKey = ed25519.getPublicKey(seed)
  return Object.freeze({
    address: base58.encode(publicKey),
    publicKey,
    chains: CHAINS,
    features,
    label: 'Dev account',
  })
}

/**
 * The SIWS message text for an input (SIWS specification, "Maximal Message Template"), as a
 * wallet writes it for `solana:signIn`. @internal (the server's tests sign such messages too)
 */
export function createSignInMessageText(input: SolanaSignInInput & { domain: string; address: string }): string {
  let message = `${input.domain} wants you to sign in with your Solana account:\n${input.address}`
  if (input.statement) message += `\n\n${input.statement}`
  const fields: string[] = []
  if (input.uri) fields.push(`URI: ${input.uri}`)
  if (input.version) fields.push(`Version: ${input.version}`)
  if (input.chainId) fields.push(`Chain ID: ${input.chainId}`)
  if (input.nonce) fields.push(`Nonce: ${input.nonce}`)
  if (input.issuedAt) fields.push(`Issued At: ${input.issuedAt}`)
  if (input.expirationTime) fields.push(`Expiration Time: ${input.expirationTime}`)
  if (input.notBefore) fields.push(`Not Before: ${input.notBefore}`)
  if (input.requestId) fields.push(`Request ID: ${input.requestId}`)
  if (input.resources) fields.push('Resources:', ...input.resources.map((resource) => `- ${resource}`))
  if (fields.length) message += `\n\n${fields.join('\n')}`
  return message
}

/**
 * Signs a serialized Solana transaction (legacy or v0) at the byte level: the signature
 * covers the message bytes and goes in the slot of the account's index among the required
 * signers. https://solana.com/docs/core/transactions
 */
function signTransactionBytes(transaction: Uint8Array, publicKey: Uint8Array, sign: (bytes: Uint8Array) => Uint8Array): Uint8Array {
  const fail = (why: string): never => {
    throw new Error(`signTransaction: ${why}.`)
  }
  const [signatureCount, afterCount] = readShortVec(transaction, 0)
  const messageStart = afterCount + signatureCount * 64
  const message = transaction.subarray(messageStart)
  if (message.length < 4) fail('the transaction is truncated')
  const versioned = (message[0]! & 0x80) !== 0
  if (versioned && (message[0]! & 0x7f) !== 0) fail(`version ${message[0]! & 0x7f} is not supported`)
  const header = versioned ? 1 : 0
  const requiredSignatures = message[header]!
  if (requiredSignatures !== signatureCount) fail('the signature count does not match the message header')
  const [keyCount, keysStart] = readShortVec(message, header + 3)
  if (message.length < keysStart + keyCount * 32) fail('the account keys are truncated')
  let index = -1
  for (let i = 0; i < Math.min(requiredSignatures, keyCount) && index === -1; i++) {
    const key = message.subarray(keysStart + i * 32, keysStart + (i + 1) * 32)
    if (key.every((byte, j) => byte === publicKey[j])) index = i
  }
  if (index === -1) fail('the account is not a required signer of this transaction')
  const signed = Uint8Array.from(transaction)
  signed.set(sign(message), afterCount + index * 64)
  return signed
}

/** Solana's compact-u16 ("shortvec") length prefix. */
function readShortVec(bytes: Uint8Array, offset: number): [value: number, next: number] {
  let value = 0
  for (let i = 0; i < 3; i++) {
    const byte = bytes[offset + i]
    if (byte === undefined) throw new Error('signTransaction: the transaction is truncated.')
    value |= (byte & 0x7f) << (7 * i)
    if ((byte & 0x80) === 0) return [value, offset + i + 1]
  }
  throw new Error('signTransaction: a length prefix is malformed.')
}
