import {
  isAddressEqual,
  isHex,
  numberToHex,
  type Address,
  type EIP1193EventMap,
  type EIP1193Provider,
  type Hex,
  type PrivateKeyAccount,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { ProviderRpcError, userRejected } from './errors.js'
import { evmTestWalletIcon, type WalletIcon } from './icons.js'

/** EIP-6963 provider info. */
export interface EIP6963ProviderInfo {
  uuid: string
  name: string
  icon: WalletIcon
  rdns: string
}

export interface CreateTestWalletParameters {
  /** The first account's key. Defaults to a fresh random key. */
  privateKey?: Hex
  /** The chain the wallet starts on. Defaults to 1 (Ethereum mainnet). */
  chainId?: number
  /** Shown by wallet pickers. Defaults to `Dev wallet`. */
  name?: string
  /** Reverse-DNS id announced through EIP-6963. Defaults to `dev.latchkey.testwallet`. */
  rdns?: string
  /**
   * Chains `wallet_switchEthereumChain` accepts without `wallet_addEthereumChain` first
   * (others fail with 4902, as in MetaMask). Defaults to any chain.
   */
  chains?: number[]
}

/**
 * An EIP-1193 provider that really signs, with controls for tests: what a user does in a
 * wallet extension (switch account or chain, disconnect, refuse) is a method call.
 */
export type TestWallet = EIP1193Provider & {
  /** EIP-6963 info: `{ uuid, name, icon, rdns }`. */
  readonly info: EIP6963ProviderInfo
  /** The selected account (whether or not the site is connected). */
  readonly address: Address
  /** Every account the wallet holds, in the order they were added. */
  readonly accounts: readonly Address[]
  readonly chainId: number
  /** Whether the site has been given the accounts (`eth_requestAccounts` and not disconnected since). */
  readonly connected: boolean
  /** Selects an account the wallet holds (by index) or adds one (by private key). Emits `accountsChanged` when connected. */
  switchAccount(account: number | Hex): Address
  /** Moves the wallet to another chain, as a user would in the extension. Emits `chainChanged`. */
  switchChain(chainId: number): void
  /** The user disconnects the site: `accountsChanged([])`, then `disconnect`. */
  disconnect(): void
  /** The next request that needs the user's approval (or the next call of `method`) fails with 4001. */
  rejectNext(method?: string): void
  /** Announces the wallet through EIP-6963 now and on every `eip6963:requestProvider`. Returns a function that stops. */
  announce(target?: EventTarget): () => void
}

/** Requests a real wallet shows the user; `rejectNext()` refuses these. */
const APPROVALS = new Set([
  'eth_requestAccounts',
  'personal_sign',
  'eth_signTypedData_v4',
  'wallet_switchEthereumChain',
  'wallet_addEthereumChain',
  'wallet_requestPermissions',
])

/**
 * Creates an EIP-1193 test wallet backed by viem's `privateKeyToAccount`: `personal_sign` and
 * `eth_signTypedData_v4` produce real signatures that `verifyMessage` / `verifyTypedData`
 * accept. Use it with wagmi's `injected({ target })`, or `announce()` it for EIP-6963 discovery.
 *
 * @example
 * const wallet = createTestWallet({ privateKey: '0xac09…ff80' })
 * wallet.announce()                // EIP-6963: wallet pickers list "Dev wallet"
 * wallet.rejectNext('personal_sign') // the user will refuse to sign
 * wallet.switchAccount(generatePrivateKey()) // the user switches accounts
 */
export function createTestWallet(parameters: CreateTestWalletParameters = {}): TestWallet {
  const { name = 'Dev wallet', rdns = 'dev.latchkey.testwallet' } = parameters
  if (parameters.chainId !== undefined && !isChainId(parameters.chainId))
    throw new TypeError('createTestWallet: `chainId` must be a positive integer, e.g. 1.')
  const keys: PrivateKeyAccount[] = [privateKeyToAccount(parameters.privateKey ?? generatePrivateKey())]
  const knownChains = parameters.chains ? new Set(parameters.chains) : undefined
  const info: EIP6963ProviderInfo = Object.freeze({ uuid: globalThis.crypto.randomUUID(), name, icon: evmTestWalletIcon, rdns })
  type Listener = (...args: unknown[]) => void
  const listeners = new Map<keyof EIP1193EventMap, Set<Listener>>()

  let selected = 0
  let chainId = parameters.chainId ?? 1
  let authorized = false
  let chainConnected = true
  let rejection: { method: string | undefined } | undefined

  const current = () => keys[selected]!
  const exposed = (): Address[] => (authorized ? [current().address] : [])

  function emit<E extends keyof EIP1193EventMap>(event: E, ...args: Parameters<EIP1193EventMap[E]>): void {
    for (const listener of [...(listeners.get(event) ?? [])]) listener(...args)
  }

  function authorize(): Address[] {
    if (!chainConnected) {
      chainConnected = true
      emit('connect', { chainId: numberToHex(chainId) })
    }
    if (!authorized) {
      authorized = true
      emit('accountsChanged', exposed())
    }
    return exposed()
  }

  function signer(address: unknown): PrivateKeyAccount {
    const account = current()
    if (!authorized) throw new ProviderRpcError(4100, 'The site is not connected: call eth_requestAccounts first.')
    if (typeof address !== 'string' || !isHex(address) || !isAddressEqual(address as Address, account.address))
      throw new ProviderRpcError(4100, `The account ${String(address)} is not the connected account ${account.address}.`)
    return account
  }

  function setChain(next: number): void {
    if (next === chainId) return
    chainId = next
    emit('chainChanged', numberToHex(chainId))
  }

  async function handle(method: string, params: unknown): Promise<unknown> {
    const list = Array.isArray(params) ? (params as unknown[]) : []
    switch (method) {
      case 'eth_requestAccounts':
        return authorize()
      case 'eth_accounts':
        return exposed()
      case 'eth_chainId':
        return numberToHex(chainId)
      case 'net_version':
        return String(chainId)
      case 'personal_sign': {
        const [data, address] = list
        if (typeof data !== 'string') throw new ProviderRpcError(-32602, 'personal_sign expects [message, address].')
        // Like MetaMask: hex is the message's bytes; anything else is signed as UTF-8 text.
        return signer(address).signMessage({ message: isHex(data) ? { raw: data } : data })
      }
      case 'eth_signTypedData_v4': {
        const [address, json] = list
        const account = signer(address)
        let typedData: { domain?: Record<string, unknown>; types: Record<string, unknown>; primaryType: string; message: Record<string, unknown> }
        try {
          typedData = typeof json === 'string' ? JSON.parse(json) : (json as typeof typedData)
        } catch {
          throw new ProviderRpcError(-32602, 'eth_signTypedData_v4 expects [address, typedData JSON].')
        }
        if (!typedData || typeof typedData !== 'object' || typeof typedData.primaryType !== 'string')
          throw new ProviderRpcError(-32602, 'eth_signTypedData_v4 expects [address, typedData JSON].')
        return account.signTypedData(typedData as Parameters<PrivateKeyAccount['signTypedData']>[0])
      }
      case 'wallet_switchEthereumChain': {
        const next = parseChainId((list[0] as { chainId?: unknown } | undefined)?.chainId)
        if (knownChains && !knownChains.has(next))
          throw new ProviderRpcError(4902, `Unrecognized chain ID ${numberToHex(next)}. Try adding the chain using wallet_addEthereumChain first.`)
        setChain(next)
        return null
      }
      case 'wallet_addEthereumChain': {
        knownChains?.add(parseChainId((list[0] as { chainId?: unknown } | undefined)?.chainId))
        return null
      }
      case 'wallet_requestPermissions':
        authorize()
        return permissions()
      case 'wallet_getPermissions':
        return authorized ? permissions() : []
      case 'wallet_revokePermissions':
        if (authorized) {
          authorized = false
          emit('accountsChanged', [])
        }
        return null
      default:
        throw new ProviderRpcError(4200, `The test wallet does not support ${method}.`)
    }
  }

  function permissions() {
    return [{ parentCapability: 'eth_accounts', invoker: 'latchkey', caveats: [{ type: 'restrictReturnedAccounts', value: exposed() }] }]
  }

  const request = (async (args: { method: string; params?: unknown }) => {
    if (!args || typeof args.method !== 'string') throw new ProviderRpcError(-32600, 'request expects { method, params }.')
    if (rejection && (rejection.method === undefined ? APPROVALS.has(args.method) : rejection.method === args.method)) {
      rejection = undefined
      throw userRejected()
    }
    return handle(args.method, args.params)
  }) as EIP1193Provider['request']

  const wallet: TestWallet = {
    request,
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener as unknown as Listener)
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener as unknown as Listener)
    },
    info,
    get address() {
      return current().address
    },
    get accounts() {
      return keys.map((key) => key.address)
    },
    get chainId() {
      return chainId
    },
    get connected() {
      return authorized
    },
    switchAccount(account) {
      let index: number
      if (typeof account === 'number') {
        if (!Number.isInteger(account) || account < 0 || account >= keys.length)
          throw new RangeError(`switchAccount: the wallet holds ${keys.length} account(s); pass an index below that or a private key.`)
        index = account
      } else {
        const added = privateKeyToAccount(account)
        index = keys.findIndex((key) => key.address === added.address)
        if (index === -1) index = keys.push(added) - 1
      }
      if (index !== selected) {
        selected = index
        if (authorized) emit('accountsChanged', exposed())
      }
      return current().address
    },
    switchChain(next) {
      if (!isChainId(next)) throw new TypeError('switchChain: pass a chain id such as 1 or 8453.')
      knownChains?.add(next)
      setChain(next)
    },
    disconnect() {
      if (authorized) {
        authorized = false
        emit('accountsChanged', [])
      }
      if (chainConnected) {
        chainConnected = false
        emit('disconnect', new ProviderRpcError(4900, 'The user disconnected the wallet.') as unknown as Parameters<EIP1193EventMap['disconnect']>[0])
      }
    },
    rejectNext(method) {
      rejection = { method }
    },
    announce(target) {
      const eventTarget = target ?? (typeof window === 'undefined' ? undefined : window)
      if (!eventTarget) throw new TypeError('announce: there is no `window` here; pass the EventTarget to announce on.')
      // EIP-6963: the detail is frozen, and the wallet answers every later request.
      const detail = Object.freeze({ info, provider: wallet })
      const announce = () => eventTarget.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }))
      announce()
      eventTarget.addEventListener('eip6963:requestProvider', announce)
      return () => eventTarget.removeEventListener('eip6963:requestProvider', announce)
    },
  }
  return wallet
}

function isChainId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}

function parseChainId(value: unknown): number {
  const id = typeof value === 'string' && /^0x[0-9a-fA-F]+$/.test(value) ? Number.parseInt(value, 16) : Number.NaN
  if (!isChainId(id)) throw new ProviderRpcError(-32602, 'Expected [{ chainId }] with a 0x-prefixed hex chain id.')
  return id
}
