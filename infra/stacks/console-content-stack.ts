import { join } from 'node:path';
import { Stack, Token, Validations, type StackProps } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { Bucket, CfnBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import { consoleCatalogues } from '../../functions/console/catalogues.js';
import { geodataLicence, MAP_LICENCE_FILE, russiaMapJson } from '../../functions/console/russia-map.js';
import { PUBLIC_PAGE } from '../../functions/console/serve-console.js';
import type { ConsoleAuthConfig, ConsoleConfig } from '../../functions/console/console-types.js';
import type { StageConfig } from '../config.js';
import { PROJECT_ROOT } from '../constructs/practice-function.js';

/** Folder of the console's static files (no build step). */
export const CONSOLE_STATIC_DIR = join(PROJECT_ROOT, 'functions', 'console', 'static');

/** The `config.json` the console reads beside its `index.html`; on AWS editors sign in through Cognito. */
export type ConsoleRuntimeConfig = ConsoleConfig & { auth: Extract<ConsoleAuthConfig, { mode: 'cognito' }> };

/** Properties of {@link ConsoleContentStack}. */
export interface ConsoleContentStackProps extends StackProps {
  config: StageConfig;
  bucket: Bucket;
  distribution: IDistribution;
  /** Role and log group of the publishing function (see `ConsoleStack.publisherRole`). */
  publisherRole: IRole;
  publisherLogs: ILogGroup;
  runtimeConfig: ConsoleRuntimeConfig;
}

/**
 * Publishes the console's static files, a generated `config.json`, the `catalogues.json` of
 * filter suggestions and the `russia-map.json` of outlines under `console/` in the bucket, the
 * public page as the root `index.html`, and
 * invalidates the distribution. A stack of its own because `config.json` needs the API's URL, and
 * the API needs the console's origin for CORS.
 */
export class ConsoleContentStack extends Stack {
  constructor(scope: Construct, id: string, props: ConsoleContentStackProps) {
    super(scope, id, props);
    const consoleFiles = new BucketDeployment(this, 'ConsoleFiles', {
      sources: [
        Source.asset(CONSOLE_STATIC_DIR),
        Source.jsonData('config.json', props.runtimeConfig),
        Source.jsonData('catalogues.json', consoleCatalogues()),
        // Built from the geodata package at synth time, like the local runtime builds it at start.
        Source.data('russia-map.json', russiaMapJson()),
        // The geodata's linkware licence travels with the file derived from it.
        Source.data(MAP_LICENCE_FILE, geodataLicence()),
      ],
      destinationBucket: props.bucket,
      destinationKeyPrefix: 'console/',
      distribution: props.distribution,
      distributionPaths: ['/*'],
      // Prunes under console/ only, so the public page at the root stays.
      prune: true,
      // Revalidated on every load (ETag): a redeploy must reach editors at once.
      cacheControl: [CacheControl.noCache()],
      role: props.publisherRole,
      logGroup: props.publisherLogs,
    });
    // The public page is the root index.html; its modules load from console/. Not pruned: pruning the
    // root would delete the console's files.
    const publicPage = new BucketDeployment(this, 'PublicPage', {
      sources: [Source.data('index.html', readFileSync(join(CONSOLE_STATIC_DIR, PUBLIC_PAGE), 'utf8'))],
      destinationBucket: props.bucket,
      distribution: props.distribution,
      distributionPaths: ['/', '/index.html'],
      prune: false,
      cacheControl: [CacheControl.noCache()],
      role: props.publisherRole,
      logGroup: props.publisherLogs,
    });
    // One invalidation at a time: CloudFront limits concurrent ones, and the console's files must be there first.
    publicPage.node.addDependency(consoleFiles);
    const bucketId = Stack.of(props.bucket).getLogicalId(props.bucket.node.defaultChild as CfnBucket);
    // The bootstrap bucket's ARN holds partition, account and region, literally once the stage is pinned to an environment.
    const partition = Token.isUnresolved(this.partition) ? '<AWS::Partition>' : this.partition;
    const account = Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account;
    const region = Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region;
    const why = 'aws-cdk-lib BucketDeployment grant: it syncs (copies, prunes) every object of the console bucket from the asset.';
    Validations.of(props.publisherRole).acknowledge(
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: why,
      })),
      { id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`, reason: why },
      {
        id: `AwsSolutions-IAM5[Resource::arn:${partition}:s3:::cdk-hnb659fds-assets-${account}-${region}/*]`,
        reason: 'Reads the console asset from the CDK bootstrap bucket; asset keys are content hashes.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'cloudfront:CreateInvalidation and GetInvalidation, added by BucketDeployment, do not take the distribution ARN there.',
      },
    );
    // The handler is a singleton at stack level, not under the deployment; it is this stack's only function.
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'The BucketDeployment handler is provided by aws-cdk-lib, which pins its runtime; it runs only during deployments.',
    });
  }
}
