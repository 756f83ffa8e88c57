import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption, type CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, StorageClass, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { TABLE_DESIGN } from '../../functions/adapters/dynamo/table-design.js';
import type { StageConfig } from '../config.js';
import type { DataAccessGrant } from '../constructs/practice-function.js';

/** Properties of {@link StorageStack}. */
export interface StorageStackProps extends StackProps {
  config: StageConfig;
}

/** Name of the Cognito group whose members may edit; the review handler checks it again. */
export const EDITORS_GROUP = 'editors';

/** Identifier of the Cognito resource server; editor routes require the `<identifier>/editor` scope. */
export const RESOURCE_SERVER_ID = 'practice-watch';

/** Objects below this size cost more in infrequent-access classes (128 KiB minimum billable size). */
const MIN_TRANSITION_BYTES = 128 * 1024;

/**
 * The stateful stack: everything whose loss loses data. The practice table (built from the same
 * `TABLE_DESIGN` the local runtime uses), the raw-page bucket, the editors' user pool and the cursor
 * signing secret. Stateless stacks receive these through props.
 */
export class StorageStack extends Stack {
  readonly table: Table;
  readonly rawBucket: Bucket;
  readonly accessLogsBucket: Bucket;
  readonly userPool: UserPool;
  readonly resourceServer: UserPoolResourceServer;
  readonly editorScope: ResourceServerScope;
  readonly cursorSecret: Secret;
  /** Managed policies granting read or read-write access to the table and its indexes. */
  readonly tableAccess: DataAccessGrant;
  /** Reading the table's stream (keys only), for the projector's event source: nothing else. */
  readonly tableStreamRead: ManagedPolicy;
  /** Managed policies granting read or read-write access to raw-page objects. */
  readonly rawBucketAccess: DataAccessGrant;
  /**
   * The learning loop's objects under `learning/` in the raw-page bucket: `labels` lets the review
   * function keep and withdraw editors' examples (learning/labels/*); `retrain` lets the retrain job
   * read them and the models and write models (learning/models/*), nothing else; `reextractState`
   * lets the re-extraction job write its state (learning/reextract/*).
   */
  readonly learningAccess: { labels: ManagedPolicy; retrain: ManagedPolicy; reextractState: ManagedPolicy };

  constructor(scope: Construct, id: string, props: StorageStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removalPolicy = config.statefulRemovalPolicy;

    const gsi = TABLE_DESIGN.globalSecondaryIndexes;
    this.table = new Table(this, 'PracticeTable', {
      partitionKey: { name: TABLE_DESIGN.partitionKey.name, type: AttributeType.STRING },
      sortKey: { name: TABLE_DESIGN.sortKey.name, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE_DESIGN.timeToLiveAttribute,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Keys only: the projector reads the outbox rows' keys (`P#<id>` / `PROJ`) and reads the record itself.
      stream: StreamViewType.KEYS_ONLY,
      deletionProtection: config.deletionProtection,
      removalPolicy,
    });
    for (const index of gsi) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey.name, type: AttributeType.STRING },
        sortKey: { name: index.sortKey.name, type: AttributeType.STRING },
        projectionType: ProjectionType.INCLUDE,
        nonKeyAttributes: [...index.projection.nonKeyAttributes],
      });
    }

    this.accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy,
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log destination; logging it into itself would loop.',
    });

    this.rawBucket = new Bucket(this, 'RawPageBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'raw-page-bucket/',
      lifecycleRules: [
        {
          id: 'tier-old-raw-pages',
          objectSizeGreaterThan: MIN_TRANSITION_BYTES,
          transitions: [
            { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
            { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(180) },
          ],
        },
        {
          id: 'clean-up',
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          noncurrentVersionExpiration: Duration.days(90),
        },
      ],
      removalPolicy,
    });
    Validations.of(this.rawBucket).acknowledge({
      id: 'CloudFormation-Validate::W9003',
      reason: 'aws-cdk-lib renders ObjectSizeGreaterThan as a number; CloudFormation accepts and coerces it.',
    });

    this.tableAccess = this.accessPolicies('Table', this.table.tableName, {
      read: [
        new PolicyStatement({
          // PartiQLSelect: the near-duplicate lookup reads four band partitions of the index in one statement.
          actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PartiQLSelect', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
          resources: [this.table.tableArn, `${this.table.tableArn}/index/*`],
        }),
      ],
      write: [
        new PolicyStatement({
          actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
          resources: [this.table.tableArn],
        }),
      ],
    });
    const tableId = this.getLogicalId(this.table.node.defaultChild as CfnTable);
    for (const policy of [this.tableAccess.read, this.tableAccess.readWrite]) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
        reason: `The table's own global secondary indexes (${gsi.map((index) => index.indexName).join(', ')}), which every listing query reads.`,
      });
    }

    this.tableStreamRead = new ManagedPolicy(this, 'TableStreamReadPolicy', {
      description: "The projector's event source: the practice table's stream, read only",
      statements: [
        new PolicyStatement({ actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], resources: [this.table.tableStreamArn!] }),
        new PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] }),
      ],
    });
    Validations.of(this.tableStreamRead).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dynamodb:ListStreams supports no resource-level permission; the reading actions are limited to this table\'s stream.',
    });

    this.rawBucketAccess = this.accessPolicies('RawPages', this.rawBucket.bucketName, {
      read: [
        new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.rawBucket.arnForObjects('*')] }),
        // Without ListBucket a missing key answers 403 instead of 404.
        new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.rawBucket.bucketArn] }),
      ],
      write: [new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.rawBucket.arnForObjects('*')] })],
    });
    const bucketId = this.getLogicalId(this.rawBucket.node.defaultChild as CfnBucket);
    for (const policy of [this.rawBucketAccess.read, this.rawBucketAccess.readWrite]) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
        reason: 'Raw-page keys are derived from source and URL hash at run time; the grant covers objects of this one bucket only.',
      });
    }

    const labelObjects = this.rawBucket.arnForObjects('learning/labels/*');
    const modelObjects = this.rawBucket.arnForObjects('learning/models/*');
    const reextractObjects = this.rawBucket.arnForObjects('learning/reextract/*');
    this.learningAccess = {
      labels: new ManagedPolicy(this, 'LearningLabelsPolicy', {
        description: "Keep and withdraw editors' labelled examples (learning/labels/)",
        statements: [new PolicyStatement({ actions: ['s3:PutObject', 's3:DeleteObject'], resources: [labelObjects] })],
      }),
      retrain: new ManagedPolicy(this, 'LearningRetrainPolicy', {
        description: "Retrain: read editors' labelled examples and classifier models, write models (learning/)",
        statements: [
          new PolicyStatement({ actions: ['s3:GetObject'], resources: [labelObjects, modelObjects] }),
          new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.rawBucket.bucketArn], conditions: { StringLike: { 's3:prefix': ['learning/*'] } } }),
          new PolicyStatement({ actions: ['s3:PutObject'], resources: [modelObjects] }),
        ],
      }),
      reextractState: new ManagedPolicy(this, 'LearningReextractStatePolicy', {
        description: "Re-extraction job: write the job's state (learning/reextract/)",
        statements: [new PolicyStatement({ actions: ['s3:PutObject'], resources: [reextractObjects] })],
      }),
    };
    Validations.of(this.learningAccess.reextractState).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/learning/reextract/*]`,
      reason: "The re-extraction job's state object (learning/reextract/job.json), under the learning/reextract/ prefix of this one bucket.",
    });
    for (const policy of [this.learningAccess.labels, this.learningAccess.retrain]) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/learning/labels/*]`,
        reason: 'One object per judged record (its id is known at run time only), under the learning/labels/ prefix of this one bucket.',
      });
    }
    Validations.of(this.learningAccess.retrain).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/learning/models/*]`,
      reason: 'One object per model version (named by its training time) and the current pointer, under the learning/models/ prefix of this one bucket.',
    });

    this.userPool = new UserPool(this, 'EditorPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: config.deletionProtection,
      removalPolicy,
    });
    this.userPool.addGroup('EditorsGroup', {
      groupName: EDITORS_GROUP,
      description: 'May review, correct and publish practice records and manage webhooks.',
    });
    this.editorScope = new ResourceServerScope({
      scopeName: 'editor',
      scopeDescription: 'Editor actions on practice records and webhooks',
    });
    this.resourceServer = this.userPool.addResourceServer('ApiResourceServer', {
      identifier: RESOURCE_SERVER_ID,
      scopes: [this.editorScope],
    });

    new CfnOutput(this, 'EditorPoolId', { value: this.userPool.userPoolId, description: 'Cognito user pool of the editors' });

    this.cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'HMAC key that signs API paging cursors',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy,
    });
    Validations.of(this.cursorSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the cursor key only invalidates paging cursors in flight; it is rotated by redeploying with a new secret, no rotation Lambda needed.',
    });
  }

  private accessPolicies(
    id: string,
    name: string,
    statements: { read: PolicyStatement[]; write: PolicyStatement[] },
  ): DataAccessGrant {
    return {
      name,
      read: new ManagedPolicy(this, `${id}ReadPolicy`, { description: `Read ${id}`, statements: statements.read }),
      readWrite: new ManagedPolicy(this, `${id}ReadWritePolicy`, {
        description: `Read and write ${id}`,
        statements: [...statements.read, ...statements.write],
      }),
    };
  }

  /** The scope editor routes require, as the authorizer and the tokens spell it: `practice-watch/editor`. */
  get editorScopeName(): string {
    return `${RESOURCE_SERVER_ID}/${this.editorScope.scopeName}`;
  }

  /** The editor scope as an OAuth scope of the console's app client. */
  get editorOAuthScope(): OAuthScope {
    return OAuthScope.resourceServer(this.resourceServer, this.editorScope);
  }
}
