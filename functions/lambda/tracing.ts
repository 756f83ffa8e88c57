import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';

/**
 * X-Ray tracing for a function: the tracer, the SDK-client capture handed to `createStorage`, and
 * the middy middleware that opens a segment per invocation (cold starts and errors annotated).
 */
export function tracingFor(serviceName: string) {
  const tracer = new Tracer({ serviceName });
  return {
    tracer,
    instrument: <T>(client: T): T => tracer.captureAWSv3Client(client as never) as T,
    middleware: captureLambdaHandler(tracer),
  };
}
