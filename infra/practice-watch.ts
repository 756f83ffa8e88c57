import { Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { StageConfig } from './config.js';
import { ApiStack } from './stacks/api-stack.js';
import { ConsoleContentStack } from './stacks/console-content-stack.js';
import { ConsoleStack } from './stacks/console-stack.js';
import { IngestStack, type ScheduledSource } from './stacks/ingest-stack.js';
import { LearningStack } from './stacks/learning-stack.js';
import { ObservabilityStack } from './stacks/observability-stack.js';
import { StorageStack } from './stacks/storage-stack.js';

/** What the app is built from besides the stage: the source registry and the API's route keys. */
export interface PracticeWatchInputs {
  sources: readonly ScheduledSource[];
  queryRoutes: readonly string[];
  reviewRoutes: readonly string[];
}

/** The stacks of one stage. */
export interface PracticeWatchStacks {
  storage: StorageStack;
  ingest: IngestStack;
  console: ConsoleStack;
  api: ApiStack;
  consoleContent: ConsoleContentStack;
  observability: ObservabilityStack;
  learning: LearningStack;
}

/**
 * Adds one stage of Practice Watch to `app`, stateful storage apart from the stateless stacks,
 * wired through props, and registers cdk-nag's AwsSolutions checks (synth fails on an
 * unacknowledged error).
 */
export function addPracticeWatch(app: App, config: StageConfig, inputs: PracticeWatchInputs): PracticeWatchStacks {
  const prefix = `PracticeWatch-${config.stage}`;
  const env = { account: config.env.account, region: config.env.region };
  const stackProps = (description: string) => ({ env, description, config });

  const storage = new StorageStack(app, `${prefix}-Storage`, stackProps('Practice Watch: table, raw pages, editors (stateful)'));
  const ingest = new IngestStack(app, `${prefix}-Ingest`, {
    ...stackProps('Practice Watch: per-source schedules, ingest queue and function'),
    sources: inputs.sources,
    table: storage.tableAccess,
    rawBucket: storage.rawBucketAccess,
    tableStream: { arn: storage.table.tableStreamArn!, read: storage.tableStreamRead },
  });
  const consoleStack = new ConsoleStack(app, `${prefix}-Console`, {
    ...stackProps('Practice Watch: editors console hosting and sign-in'),
    userPool: storage.userPool,
    editorScope: storage.editorOAuthScope,
  });
  const api = new ApiStack(app, `${prefix}-Api`, {
    ...stackProps('Practice Watch: HTTP API, query and review functions'),
    table: storage.tableAccess,
    rawBucket: storage.rawBucketAccess,
    cursorSecret: storage.cursorSecret,
    userPool: storage.userPool,
    client: consoleStack.client,
    editorScope: storage.editorScopeName,
    consoleOrigin: consoleStack.consoleOrigin,
    queryRoutes: inputs.queryRoutes,
    reviewRoutes: inputs.reviewRoutes,
    labelsPolicy: storage.learningAccess.labels,
  });
  const consoleContent = new ConsoleContentStack(app, `${prefix}-ConsoleContent`, {
    ...stackProps('Practice Watch: console files and config.json'),
    bucket: consoleStack.bucket,
    distribution: consoleStack.distribution,
    publisherRole: consoleStack.publisherRole,
    publisherLogs: consoleStack.publisherLogs,
    runtimeConfig: {
      apiBaseUrl: api.httpApi.apiEndpoint,
      auth: {
        mode: 'cognito',
        domain: consoleStack.domain.baseUrl(),
        clientId: consoleStack.client.userPoolClientId,
        scopes: ['openid', 'email', storage.editorScopeName],
        redirectUri: consoleStack.redirectUri,
      },
    },
  });
  const learning = new LearningStack(app, `${prefix}-Learning`, {
    ...stackProps('Practice Watch: the weekly and on-demand guarded retrain of the classifier, and re-extraction after a promotion'),
    rawBucketName: storage.rawBucketAccess.name,
    retrainPolicy: storage.learningAccess.retrain,
    table: storage.tableAccess,
    rawBucket: storage.rawBucketAccess,
    reextractStatePolicy: storage.learningAccess.reextractState,
  });

  const observability = new ObservabilityStack(app, `${prefix}-Observability`, {
    ...stackProps('Practice Watch: alarms (and the opt-in dashboard)'),
    sources: inputs.sources,
    ingestFunction: ingest.ingestFunction,
    ingestLogGroup: ingest.ingestFunction.logGroup,
    deadLetterQueue: ingest.deadLetterQueue,
    schedulerDeadLetterQueue: ingest.schedulerDeadLetterQueue,
    projectorDeadLetterQueue: ingest.projectorDeadLetterQueue,
    reextractDeadLetterQueue: learning.reextractDeadLetterQueue,
    httpApi: api.httpApi,
  });

  Tags.of(app).add('project', 'practice-watch');
  Tags.of(app).add('stage', config.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { storage, ingest, console: consoleStack, api, consoleContent, observability, learning };
}
