import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Config } from '../config.js';

// Local servers accept any credentials; fixed ones keep the SDK from searching the machine for real ones.
const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** The DynamoDB document client, for AWS or DynamoDB Local depending only on `config`. */
export function createDynamoClient(config: Config): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: config.region,
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint, credentials: LOCAL_CREDENTIALS } : {}),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** The S3 client, for AWS or the local S3 server depending only on `config`. */
export function createS3Client(config: Config): S3Client {
  return new S3Client({
    region: config.region,
    ...(config.s3Endpoint
      ? {
          endpoint: config.s3Endpoint,
          credentials: LOCAL_CREDENTIALS,
          // s3rver serves buckets by path, not by virtual host.
          forcePathStyle: true,
          // With the default (WHEN_SUPPORTED), streamed uploads carry trailing checksums that s3rver stores as part of the body.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        }
      : {}),
  });
}

/** The SQS client (AWS only: locally the re-extraction queue is in process). */
export function createSqsClient(config: Config): SQSClient {
  return new SQSClient({ region: config.region });
}
