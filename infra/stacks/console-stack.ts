import { Aws, CfnOutput, Duration, Fn, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { OAuthScope, UserPoolClient, UserPoolClientIdentityProvider, UserPoolDomain, type IUserPool } from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.js';

/** Properties of {@link ConsoleStack}. */
export interface ConsoleStackProps extends StackProps {
  config: StageConfig;
  userPool: IUserPool;
  /** The scope editor routes require (`practice-watch/editor`). */
  editorScope: OAuthScope;
}

/**
 * Where the public page (`/`) and the editors' console (`/console/`) live and where editors sign in: a private bucket behind CloudFront (origin
 * access control, HTTPS only, security headers), and the Cognito app client and hosted sign-in
 * domain whose callback is the console's URL. The files themselves are published by
 * `ConsoleContentStack`, after the API exists, because `config.json` names the API's URL.
 */
export class ConsoleStack extends Stack {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** `https://<console host>`, the only origin the API's CORS allows. */
  readonly consoleOrigin: string;
  /** Where the hosted UI sends editors back after sign-in and sign-out. */
  readonly redirectUri: string;
  /**
   * Role and log group of the function that publishes the console files. They live here, beside the
   * bucket, so its grants name the bucket without a cross-stack reference.
   */
  readonly publisherRole: Role;
  readonly publisherLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ConsoleStackProps) {
    super(scope, id, props);
    const { config } = props;

    const logsBucket = new Bucket(this, 'ConsoleLogsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // CloudFront standard logs are delivered with ACLs; the bucket owner still owns every object.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      enforceSSL: true,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(90) }],
      removalPolicy: config.statefulRemovalPolicy,
    });
    Validations.of(logsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the log destination of the console bucket and distribution; logging it into itself would loop.',
    });

    this.bucket = new Bucket(this, 'ConsoleBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: logsBucket,
      serverAccessLogsPrefix: 'console-bucket/',
      removalPolicy: config.statefulRemovalPolicy,
    });

    this.publisherLogs = new LogGroup(this, 'PublisherLogs', { retention: config.logRetention });
    this.publisherRole = new Role(this, 'PublisherRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Publishes the console files into the console bucket',
    });
    this.publisherRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.publisherLogs.logGroupArn] }),
    );

    const domainPrefix = config.authDomainPrefix ?? `practice-watch-${config.stage}-${Aws.ACCOUNT_ID}`;
    this.domain = new UserPoolDomain(this, 'SignInDomain', {
      userPool: props.userPool,
      cognitoDomain: { domainPrefix },
    });
    const cognitoOrigin = Fn.join('', ['https://', domainPrefix, '.auth.', Aws.REGION, '.amazoncognito.com']);

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Security headers for the editors console',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: Fn.join('', [
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; ",
            `connect-src 'self' https://*.execute-api.${Aws.REGION}.amazonaws.com `,
            cognitoOrigin,
            "; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
          ]),
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    // The public page is the bucket's root index.html; the console lives under console/, and S3 has no
    // folder index, so /console and /console/ are answered here (a viewer-request function, no Lambda@Edge).
    const folderIndex = new CloudFrontFunction(this, 'FolderIndex', {
      comment: 'Serves console/index.html for /console/ and redirects /console to it',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(
        [
          'function handler(event) {',
          '  var request = event.request;',
          "  if (request.uri === '/console') return { statusCode: 308, statusDescription: 'Permanent Redirect', headers: { location: { value: '/console/' } } };",
          "  if (request.uri.endsWith('/') && request.uri !== '/') request.uri += 'index.html';",
          '  return request;',
          '}',
        ].join('\n'),
      ),
    });

    const customDomain = config.consoleDomain;
    this.distribution = new Distribution(this, 'ConsoleDistribution', {
      comment: `Practice Watch editors console (${config.stage})`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [{ function: folderIndex, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logsBucket,
      logFilePrefix: 'distribution/',
      ...(customDomain
        ? {
            domainNames: [customDomain.domainName],
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
            certificate: Certificate.fromCertificateArn(this, 'ConsoleCertificate', customDomain.certificateArn),
          }
        : {}),
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Editors work from anywhere; the console is static files and every action needs a Cognito sign-in with MFA.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves only static, public-by-design console files; all data and actions go to the API, which is throttled and authorised. A web ACL would add cost without protecting data.',
      },
    );
    if (!customDomain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose policy cannot be raised; set consoleDomainName and consoleCertificateArn to enforce TLSv1.2_2021.',
      });
    }

    this.consoleOrigin = `https://${customDomain?.domainName ?? this.distribution.distributionDomainName}`;
    this.redirectUri = `${this.consoleOrigin}/console/`;

    new CfnOutput(this, 'ConsoleUrl', { value: this.redirectUri, description: 'The editors console' });
    new CfnOutput(this, 'PublicUrl', { value: `${this.consoleOrigin}/`, description: 'The public page: map, search and stories, no sign-in' });

    this.client = new UserPoolClient(this, 'ConsoleClient', {
      userPool: props.userPool,
      generateSecret: false,
      preventUserExistenceErrors: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, props.editorScope],
        callbackUrls: [this.redirectUri],
        logoutUrls: [this.redirectUri],
      },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
    });
  }
}
