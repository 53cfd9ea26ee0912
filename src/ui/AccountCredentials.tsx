import { useEffect, useId, useRef, useState } from 'react'
import type { ReactNode } from 'react'
import { errorMessage, getWallets } from '../core/index.js'
import type { LatchkeyError, Messages, User, VerifiedCredential } from '../core/index.js'
import { useAuthClient, useLinkEmail, useLinkWallet, useUnlinkCredential, useUpdateUser } from '../react/index.js'
import type { WalletOption } from '../react/index.js'
import { shortAddress } from './address.js'
import { CodeField, EmailField } from './fields.js'
import { WalletList } from './WalletList.js'

/** How a credential is named in a sentence or a label: the email, or the short address. */
export function credentialName(credential: VerifiedCredential): string {
  return credential.email ?? (credential.address ? shortAddress(credential.address) : credential.id)
}

/** The credential `after` has and `before` had not (the one just linked). */
function added(before: User, after: User): VerifiedCredential | undefined {
  const known = new Set(before.verifiedCredentials.map((credential) => credential.id))
  return after.verifiedCredentials.find((credential) => !known.has(credential.id))
}

/** `credential_in_use` says plainly that nothing was merged; other errors use their message. */
function linkError(messages: Messages, error: LatchkeyError, email?: string): string {
  if (error.code !== 'credential_in_use') return errorMessage(messages, error)
  return email === undefined ? messages.walletInUse : messages.emailInUse({ email })
}

/**
 * @internal `AccountMenu`'s "Ways to sign in": every linked wallet and email, the primary
 * wallet marked, "Make primary" and "Remove" for each (the server refuses the last one:
 * `last_credential`), then "Link another wallet" (through the registered adapters) and
 * "Add an email" (with a code), each opening its own small step in place. Public hooks only.
 */
export function CredentialsSection({ user, messages }: { user: User; messages: Messages }): ReactNode {
  const canLinkWallets = useAuthClient().wallets.length > 0
  const unlink = useUnlinkCredential()
  const update = useUpdateUser()
  const [busy, setBusy] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [adding, setAdding] = useState<'wallet' | 'email' | null>(null)
  const titleId = useId()
  const addWallet = useRef<HTMLButtonElement>(null)
  const addEmail = useRef<HTMLButtonElement>(null)
  const wallets = getWallets(user)
  const credentials = [...wallets, ...user.verifiedCredentials.filter((credential) => credential.format !== 'blockchain')]
  const error = unlink.error ?? update.error

  const run = (id: string, action: () => Promise<User | undefined>, done: string | null) => {
    setNotice(null)
    unlink.reset()
    update.reset()
    setBusy(id)
    void action().then((next) => {
      setBusy(null)
      if (next && done !== null) setNotice(done)
    })
  }
  // When a step closes, its controls are gone: the focus goes back to the button that opened it.
  const focusBack = useRef<'wallet' | 'email' | null>(null)
  useEffect(() => {
    if (adding !== null || focusBack.current === null) return
    ;(focusBack.current === 'wallet' ? addWallet : addEmail).current?.focus()
    focusBack.current = null
  }, [adding])
  const close = (linked?: string) => {
    focusBack.current = adding
    setAdding(null)
    if (linked !== undefined) setNotice(messages.credentialLinked({ name: linked }))
  }

  return (
    <section className="latchkey-account-credentials" aria-labelledby={titleId} data-state={busy !== null ? 'pending' : error ? 'error' : 'idle'}>
      <h3 className="latchkey-subtitle" id={titleId}>
        {messages.credentialsTitle}
      </h3>
      <p className="latchkey-text">{messages.credentialsDescription}</p>
      <ul className="latchkey-credentials" aria-labelledby={titleId}>
        {credentials.map((credential) => {
          const name = credentialName(credential)
          const primary = credential.format === 'blockchain' && credential.id === user.primaryWalletId
          const canMakePrimary = credential.format === 'blockchain' && !primary
          return (
            <li key={credential.id} className="latchkey-credential" data-format={credential.format} data-primary={primary ? 'true' : 'false'}>
              <div className="latchkey-credential-name">
                <span className="latchkey-credential-value" title={credential.address ?? credential.email}>
                  {name}
                </span>
                {primary ? <span className="latchkey-badge">{messages.primaryWallet}</span> : null}
              </div>
              <span className="latchkey-credential-kind">
                {credential.format === 'email' ? messages.emailLabel : (credential.walletName ?? chainName(credential.chain))}
              </span>
              <div className="latchkey-credential-actions">
                {canMakePrimary ? (
                  <button
                    className="latchkey-button"
                    data-variant="ghost"
                    type="button"
                    aria-label={messages.makePrimaryLabel({ name })}
                    disabled={busy !== null}
                    onClick={() => run(credential.id, () => update.update({ primaryWalletId: credential.id }), null)}
                  >
                    {messages.makePrimary}
                  </button>
                ) : null}
                <button
                  className="latchkey-button"
                  data-variant="ghost"
                  type="button"
                  aria-label={messages.removeCredentialLabel({ name })}
                  disabled={busy !== null}
                  aria-busy={busy === credential.id && unlink.pending ? true : undefined}
                  onClick={() => run(credential.id, () => unlink.unlink(credential.id), messages.credentialRemoved({ name }))}
                >
                  {busy === credential.id && unlink.pending ? messages.removingCredential : messages.removeCredential}
                </button>
              </div>
            </li>
          )
        })}
      </ul>
      {error ? (
        <p className="latchkey-error" role="alert" data-code={error.code}>
          {errorMessage(messages, error)}
        </p>
      ) : null}
      <p className="latchkey-notice" role="status">
        {notice}
      </p>
      {adding === 'wallet' ? <LinkWalletStep messages={messages} user={user} onClose={close} /> : null}
      {adding === 'email' ? <LinkEmailStep messages={messages} onClose={close} /> : null}
      {adding === null ? (
        <div className="latchkey-row latchkey-credential-add">
          {canLinkWallets ? (
            <button ref={addWallet} className="latchkey-button" data-variant="secondary" type="button" onClick={() => (setNotice(null), setAdding('wallet'))}>
              {messages.linkWallet}
            </button>
          ) : null}
          <button ref={addEmail} className="latchkey-button" data-variant="secondary" type="button" onClick={() => (setNotice(null), setAdding('email'))}>
            {messages.addEmail}
          </button>
        </div>
      ) : null}
    </section>
  )
}

const chainName = (chain: string | undefined) => (chain === 'eip155' ? 'Ethereum' : chain === 'solana' ? 'Solana' : (chain ?? ''))

/** "Link another wallet": the registered adapters' wallets; picking one connects and signs a link message. */
function LinkWalletStep({ messages, user, onClose }: { messages: Messages; user: User; onClose: (linked?: string) => void }): ReactNode {
  const flow = useLinkWallet()
  const [wallet, setWallet] = useState<WalletOption | null>(null)
  const titleId = useId()
  const pick = (choice: WalletOption) => {
    setWallet(choice)
    void flow.link({ adapter: choice.adapter, walletId: choice.id }).then((next) => {
      if (next === undefined) return
      const credential = added(user, next)
      onClose(credential === undefined ? choice.name : credentialName(credential))
    })
  }
  return (
    <div className="latchkey-step latchkey-link-step" role="group" aria-labelledby={titleId} data-step="link-wallet" data-state={flow.pending ? 'pending' : flow.error ? 'error' : 'idle'}>
      <p className="latchkey-label" id={titleId}>
        {messages.linkWallet}
      </p>
      <p className="latchkey-text">{messages.linkWalletDescription}</p>
      <WalletList onSelect={pick} disabled={flow.pending} />
      {flow.pending && wallet !== null ? (
        <p className="latchkey-text" role="status" aria-busy="true">
          {messages.linkingWallet({ name: wallet.name })}
        </p>
      ) : null}
      {flow.error ? (
        <p className="latchkey-error" role="alert" data-code={flow.error.code}>
          {linkError(messages, flow.error)}
        </p>
      ) : null}
      <button className="latchkey-button" data-variant="ghost" type="button" disabled={flow.pending} onClick={() => onClose()}>
        {messages.cancel}
      </button>
    </div>
  )
}

/** "Add an email": the address, then the 6-digit code sent to it (`useLinkEmail`). */
function LinkEmailStep({ messages, onClose }: { messages: Messages; onClose: (linked?: string) => void }): ReactNode {
  const flow = useLinkEmail()
  const [email, setEmail] = useState('')
  const [code, setCode] = useState('')
  const id = useId()
  const codeInput = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (flow.step === 'code') codeInput.current?.focus()
  }, [flow.step])
  const error = flow.error ? linkError(messages, flow.error, flow.email || email.trim()) : null
  return (
    <form
      className="latchkey-step latchkey-link-step"
      aria-labelledby={`${id}-title`}
      data-step={flow.step === 'code' ? 'link-code' : 'link-email'}
      data-state={flow.pending ? 'pending' : flow.error ? 'error' : 'idle'}
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        if (flow.step === 'email') void flow.start(email)
        else
          void flow.verify(code).then((user) => {
            if (user) onClose(flow.email)
          })
      }}
    >
      <p className="latchkey-label" id={`${id}-title`}>
        {messages.addEmail}
      </p>
      {flow.step === 'email' ? (
        // autoFocus: the field the user just asked for.
        <EmailField messages={messages} id={id} autoFocus value={email} onChange={setEmail} invalid={error !== null} describedBy={error !== null ? `${id}-error` : undefined} />
      ) : (
        <>
          <p className="latchkey-text" id={`${id}-sent`}>
            {messages.codeDescription({ email: flow.email })}
          </p>
          <CodeField
            messages={messages}
            id={id}
            inputRef={codeInput}
            value={code}
            onChange={setCode}
            invalid={error !== null}
            describedBy={error !== null ? `${id}-sent ${id}-error` : `${id}-sent`}
          />
        </>
      )}
      {error !== null ? (
        <p className="latchkey-error" id={`${id}-error`} role="alert" data-code={flow.error?.code}>
          {error}
        </p>
      ) : null}
      <div className="latchkey-row">
        <button className="latchkey-button" data-variant="primary" type="submit" disabled={flow.pending} aria-busy={flow.pending ? true : undefined}>
          {flow.step === 'email' ? (flow.pending ? messages.sendingCode : messages.sendCode) : flow.pending ? messages.verifyingCode : messages.verifyCode}
        </button>
        <button className="latchkey-button" data-variant="ghost" type="button" disabled={flow.pending} onClick={() => (flow.reset(), onClose())}>
          {messages.cancel}
        </button>
      </div>
    </form>
  )
}
