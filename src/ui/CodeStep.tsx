import { useEffect, useId, useRef, useState } from 'react'
import type { ReactNode } from 'react'
import { errorMessage, formatCountdown } from '../core/index.js'
import type { User } from '../core/index.js'
import { useMessages } from '../react/index.js'
import type { UseEmailSignInReturnType } from '../react/index.js'
import { CodeField } from './fields.js'

/** @internal Props of the code step. */
export interface CodeStepProps {
  flow: UseEmailSignInReturnType
  onSuccess?: ((user: User) => void) | undefined
  /** The element that says where the code went (the dialog's description, or the form's). */
  descriptionId: string
}

/**
 * @internal The code step: the 6-digit input, resend with its cooldown, and every
 * failure the server can answer (wrong code with attempts left, expired, too many
 * attempts, cooldown, offline).
 */
export function CodeStep({ flow, onSuccess, descriptionId }: CodeStepProps): ReactNode {
  const messages = useMessages()
  const [code, setCode] = useState('')
  const id = useId()
  const { error, pending, resendAvailableIn } = flow
  // The current code cannot succeed any more: only a new one helps.
  const dead = error?.code === 'code_expired' || error?.code === 'too_many_attempts'
  const coolingDown = resendAvailableIn > 0
  const input = useRef<HTMLInputElement>(null)
  const resendButton = useRef<HTMLButtonElement>(null)

  // After a failure, put the keyboard where the next step is: the code, selected so
  // typing replaces it (a network error keeps it for a retry), or "send a new code"
  // when this code cannot work any more.
  useEffect(() => {
    if (error === null) return
    if (dead && resendButton.current && !resendButton.current.disabled) resendButton.current.focus()
    else {
      input.current?.focus()
      input.current?.select()
    }
  }, [error, dead])

  const submit = async () => {
    const user = await flow.verify(code)
    if (user) onSuccess?.(user)
  }
  const resend = async () => {
    if (await flow.resend()) setCode('')
  }

  let alert: string | null = null
  if (error) {
    alert = errorMessage(messages, error)
    if (error.code === 'invalid_code' && flow.attemptsLeft !== null) {
      alert = `${alert} ${messages.attemptsLeft({ count: flow.attemptsLeft })}`
    }
  }

  return (
    <form
      className="latchkey-step"
      data-step="code"
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <CodeField
        messages={messages}
        id={id}
        inputRef={input}
        // Moved here when the step appears: the email field the focus was in is gone.
        autoFocus
        value={code}
        onChange={setCode}
        invalid={error !== null && !dead && error.code === 'invalid_code'}
        describedBy={alert === null ? descriptionId : `${descriptionId} ${id}-error`}
        readOnly={pending}
      />
      {alert !== null ? (
        <p className="latchkey-error" id={`${id}-error`} role="alert" data-code={error?.code}>
          {alert}
        </p>
      ) : flow.codesSent > 1 ? (
        <p className="latchkey-notice" role="status">
          {messages.codeResent({ email: flow.email })}
        </p>
      ) : null}
      <button
        className="latchkey-button"
        data-variant="primary"
        type="submit"
        disabled={pending || dead}
        aria-busy={flow.pendingAction === 'verify' ? true : undefined}
      >
        {flow.pendingAction === 'verify' ? messages.verifyingCode : messages.verifyCode}
      </button>
      <div className="latchkey-row">
        <button
          ref={resendButton}
          className="latchkey-button"
          data-variant={dead ? 'primary' : 'ghost'}
          data-state={coolingDown ? 'cooldown' : 'ready'}
          type="button"
          disabled={pending || coolingDown}
          aria-busy={flow.pendingAction === 'resend' ? true : undefined}
          onClick={() => void resend()}
        >
          {flow.pendingAction === 'resend'
            ? messages.resendingCode
            : coolingDown
              ? messages.resendIn({ time: formatCountdown(resendAvailableIn * 1000) })
              : messages.resendCode}
        </button>
        <button className="latchkey-button" data-variant="ghost" type="button" disabled={pending} onClick={flow.back}>
          {messages.useDifferentEmail}
        </button>
      </div>
    </form>
  )
}
