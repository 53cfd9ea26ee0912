import { useId, useState } from 'react'
import type { ReactNode } from 'react'
import { errorMessage } from '../core/index.js'
import { useMessages } from '../react/index.js'
import type { UseEmailSignInReturnType } from '../react/index.js'
import { EmailField } from './fields.js'

/** @internal The email step: one address field and "Send code". */
export function EmailStep({ flow, defaultEmail }: { flow: UseEmailSignInReturnType; defaultEmail?: string | undefined }): ReactNode {
  const messages = useMessages()
  const [email, setEmail] = useState(flow.email || (defaultEmail ?? ''))
  const id = useId()
  const { error, pending } = flow
  return (
    <form
      className="latchkey-step"
      data-step="email"
      // The browser's own validation bubbles speak the browser's language, not the
      // app's messages: the flow and the server check the address instead.
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        void flow.start(email)
      }}
    >
      <EmailField messages={messages} id={id} value={email} onChange={setEmail} invalid={error !== null} describedBy={error ? `${id}-error` : undefined} />
      {error ? (
        <p className="latchkey-error" id={`${id}-error`} role="alert" data-code={error.code}>
          {errorMessage(messages, error)}
        </p>
      ) : null}
      <button
        className="latchkey-button"
        data-variant="primary"
        type="submit"
        disabled={pending}
        aria-busy={pending ? true : undefined}
      >
        {pending ? messages.sendingCode : messages.sendCode}
      </button>
    </form>
  )
}
