import { App } from 'aws-cdk-lib';
import { sourceProfiles as sources } from '../functions/sources/profiles.js';
import { QUERY_API_ROUTES, REVIEW_API_ROUTES } from '../functions/handlers/api/routes.js';
import { resolveStageConfig } from './config.js';
import { addPracticeWatch } from './practice-watch.js';

const app = new App();
const config = resolveStageConfig((key) => app.node.tryGetContext(key));
addPracticeWatch(app, config, { sources, queryRoutes: QUERY_API_ROUTES, reviewRoutes: REVIEW_API_ROUTES });
app.synth();
