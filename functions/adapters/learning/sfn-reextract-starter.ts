import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { executionNameOf, type ReextractJobMessage, type ReextractJobStarter } from '../../core/learning/reextract-job.js';

// The name is the core's: the state machine's hand-over names the executions it starts the same way.
export { executionNameOf };

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
