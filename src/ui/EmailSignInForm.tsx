import { useId } from 'react'
import type { ReactNode } from 'react'
import type { User } from '../core/index.js'
import { useEmailSignIn, useMessages } from '../react/index.js'
import { CodeStep } from './CodeStep.js'
import { EmailStep } from './EmailStep.js'

/** Props of `EmailSignInForm`. */
export interface EmailSignInFormProps {
  /** Called once the code was accepted and the user is signed in. */
  onSuccess?: ((user: User) => void) | undefined
  className?: string | undefined
  /** The address the email field starts with (e.g. the signed-in user's, to sign in again). */
  defaultEmail?: string | undefined
}

/**
 * The email-code sign-in as a form without a dialog around it (what `LoginModal`
 * shows): the email step, then the code step. Built on `useEmailSignIn`.
 *
 * @example
 * <EmailSignInForm onSuccess={() => navigate('/home')} />
 */
export function EmailSignInForm({ onSuccess, className, defaultEmail }: EmailSignInFormProps): ReactNode {
  const flow = useEmailSignIn()
  const messages = useMessages()
  const descriptionId = useId()
  return (
    <div
      className={className ? `latchkey-email-sign-in ${className}` : 'latchkey-email-sign-in'}
      data-step={flow.step}
      data-state={flow.pending ? 'pending' : flow.error ? 'error' : 'idle'}
    >
      <p className="latchkey-text" id={descriptionId}>
        {flow.step === 'email' ? messages.loginDescription : messages.codeDescription({ email: flow.email })}
      </p>
      {flow.step === 'email' ? (
        <EmailStep flow={flow} defaultEmail={defaultEmail} />
      ) : (
        <CodeStep flow={flow} onSuccess={onSuccess} descriptionId={descriptionId} />
      )}
    </div>
  )
}
