import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { rotate } from '../api/client';
import { IRotation, IRotationReply, RotationStep } from '../api/types';

export interface IRotationFormProps {
  name: string;
  rotation: IRotation | null;
  trans: TranslationBundle;
  /** Called after each step so the list shows the new state. */
  changed(): void;
}

/** Steps that may follow a rotation state; the server decides, this only avoids dead clicks. */
export function nextSteps(state: string | null | undefined): RotationStep[] {
  switch (state) {
    case 'staged':
      return ['validate', 'abandon'];
    case 'validated':
      return ['cutover', 'abandon'];
    case 'failed':
      return ['abandon'];
    case 'overlap':
    case 'complete':
      return ['stage', 'rollback'];
    default:
      return ['stage'];
  }
}

function stepLabels(trans: TranslationBundle): Record<RotationStep, string> {
  return {
    stage: trans.__('Stage'),
    validate: trans.__('Validate'),
    cutover: trans.__('Cut over'),
    abandon: trans.__('Abandon'),
    rollback: trans.__('Roll back'),
    rotate: trans.__('Rotate')
  };
}

type Message = { text: string; error: boolean } | null;

/** What a step's reply says: the validator's verdict, else the new state's reason. */
function replyMessage(reply: IRotationReply, trans: TranslationBundle): Message {
  const verdict = reply.verdict;
  if (verdict) {
    return {
      text: verdict.valid
        ? trans.__('Valid: %1', verdict.reason)
        : trans.__('Not valid: %1', verdict.reason),
      error: !verdict.valid
    };
  }
  return { text: reply.rotation?.reason ?? trans.__('Done'), error: false };
}

function stateText(rotation: IRotation | null, trans: TranslationBundle): string {
  const state = trans.__('Rotation: %1', rotation ? rotation.state : trans.__('never rotated'));
  if (!rotation?.previous_version || !rotation.overlap_until) {
    return state;
  }
  const until = new Date(rotation.overlap_until * 1000).toLocaleString();
  return state + ' · ' + trans.__('previous version %1 kept until %2', rotation.previous_version, until);
}

/**
 * Rotation in steps: stage a new value beside the current one, validate it, cut over, and roll
 * back while the previous version is kept. The new value lives in a password field only.
 */
export function RotationForm(props: IRotationFormProps): JSX.Element {
  const { name, rotation, trans } = props;
  const [candidate, setCandidate] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const [message, setMessage] = React.useState<Message>(null);
  const steps = nextSteps(rotation?.state);
  const labels = stepLabels(trans);

  const run = async (step: RotationStep) => {
    setBusy(true);
    try {
      const reply = await rotate(name, step, step === 'stage' ? candidate : undefined);
      if (step === 'stage') {
        setCandidate('');
      }
      setMessage(replyMessage(reply, trans));
      props.changed();
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="jp-secrets-rotation" aria-label={trans.__('Rotate %1', name)} role="group">
      <div className="jp-secrets-rotation-state">{stateText(rotation, trans)}</div>
      {steps.includes('stage') && (
        <input
          className="jp-mod-styled"
          type="password"
          autoComplete="new-password"
          placeholder={trans.__('New value')}
          aria-label={trans.__('New value of %1', name)}
          value={candidate}
          onChange={event => setCandidate(event.target.value)}
        />
      )}
      <div className="jp-secrets-rotation-steps">
        {steps.map(step => (
          <Button
            key={step}
            small
            minimal={step === 'abandon' || step === 'rollback'}
            disabled={busy || (step === 'stage' && !candidate)}
            onClick={() => void run(step)}
            aria-label={`${labels[step]} ${name}`}
          >
            {labels[step]}
          </Button>
        ))}
      </div>
      {message && (
        <div className={message.error ? 'jp-secrets-error' : 'jp-secrets-done'} role="status">
          {message.text}
        </div>
      )}
    </div>
  );
}
