import { createHash } from 'node:crypto';
import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { ReextractJobMessage, ReextractJobStarter } from '../../core/learning/reextract-job.js';

/**
 * The execution's name for a job: the job's start time (readable in the console) and a digest of
 * its id, within Step Functions' 80 characters of letters, digits, `-` and `_`. One name per job,
 * so that starting a job twice (a retried retrain invocation) runs it once.
 */
export function executionNameOf(message: ReextractJobMessage): string {
  const at = message.startedAt.replace(/[^0-9]/g, '').slice(0, 17);
  return `reextract-${at}-${createHash('sha256').update(message.jobId).digest('hex').slice(0, 16)}`;
}

/** The re-extraction job's starter on AWS: one Step Functions execution per job, its input `{ message }` (the state machine's first step reads `$.message`). */
export class StepFunctionsReextractStarter implements ReextractJobStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(message: ReextractJobMessage): Promise<void> {
    try {
      await this.client.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: executionNameOf(message), input: JSON.stringify({ message }) }));
    } catch (error) {
      // The same job started already (the name is the job's): nothing more to start.
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return;
      throw error;
    }
  }
}
