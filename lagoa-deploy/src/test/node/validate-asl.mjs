#!/usr/bin/env node
// Validates the Amazon States Language of every AWS::StepFunctions::StateMachine in CloudFormation templates, offline:
// the definition through npm asl-validator (schema, transitions, terminal states, paths, ARN syntax), and every Task's
// Resource against the service integrations Step Functions offers, which asl-validator does not know
// (it accepts "arn:aws:states:::glue:startJobRun.sinc").
//
// The definition may be a literal DefinitionString, an Fn::Join or Fn::Sub of one, or a Definition object. Each
// ${Name} of DefinitionSubstitutions (and each token of a Join or Sub) is replaced by a placeholder of the right shape
// (an ARN of the resource's service for an ARN, a name otherwise) before validation.
//
// Usage: node validate-asl.mjs PATH...   (a PATH is a *.template.json file or a directory holding some)
// Prints one line per problem on standard output, "template: LogicalId (AWS::StepFunctions::StateMachine): problem",
// a summary on standard error, and exits 1 when there is any problem, 2 on bad usage.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator');

const STATE_MACHINE = 'AWS::StepFunctions::StateMachine';
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

/**
 * Optimized integrations (arn:aws:states:::SERVICE:API) to the suffixes Step Functions accepts for them ('' is the
 * request-response pattern). Extend it when a pipeline uses another integration; aws-sdk integrations are accepted
 * by shape.
 */
const OPTIMIZED_INTEGRATIONS = {
  'lambda:invoke': ['', '.waitForTaskToken'],
  'glue:startJobRun': ['', '.sync', '.waitForTaskToken'],
  'glue:startCrawler': [''],
  'ecs:runTask': ['', '.sync', '.waitForTaskToken'],
  'states:startExecution': ['', '.sync', '.sync:2', '.waitForTaskToken'],
  'sqs:sendMessage': ['', '.waitForTaskToken'],
  'sns:publish': ['', '.waitForTaskToken'],
  'events:putEvents': ['', '.waitForTaskToken'],
  'athena:startQueryExecution': ['', '.sync', '.waitForTaskToken'],
  'athena:getQueryExecution': [''],
  'athena:getQueryResults': [''],
  'athena:stopQueryExecution': [''],
  'batch:submitJob': ['', '.sync', '.waitForTaskToken'],
  'dynamodb:getItem': [''],
  'dynamodb:putItem': [''],
  'dynamodb:updateItem': [''],
  'dynamodb:deleteItem': [''],
  'codebuild:startBuild': ['', '.sync'],
  'apigateway:invoke': ['', '.waitForTaskToken'],
  'http:invoke': [''],
  'bedrock:invokeModel': [''],
};
const INTEGRATION = /^arn:aws[a-z-]*:states:::([a-z0-9-]+:[A-Za-z0-9]+)((?:\.[A-Za-z0-9]+)*(?::\d+)?)$/;
const SDK_INTEGRATION = /^arn:aws[a-z-]*:states:::aws-sdk:[a-z0-9]+:[a-z][A-Za-z0-9]*(\.waitForTaskToken)?$/;
const LAMBDA_FUNCTION = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
const ACTIVITY = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:activity:[A-Za-z0-9_-]+$/;

/** The problem with a Task's Resource, or null when Step Functions offers it. */
export function integrationProblem(resource) {
  if (typeof resource !== 'string') return `Resource is not a string: ${JSON.stringify(resource)}`;
  if (LAMBDA_FUNCTION.test(resource) || ACTIVITY.test(resource) || SDK_INTEGRATION.test(resource)) return null;
  const match = INTEGRATION.exec(resource);
  if (match && !match[1].startsWith('aws-sdk')) {
    const suffixes = OPTIMIZED_INTEGRATIONS[match[1]];
    if (!suffixes) return `unknown service integration ${match[1]} in ${resource}`;
    if (!suffixes.includes(match[2])) {
      return `${match[1]} has no integration pattern "${match[2]}" in ${resource} (known: ${suffixes.map((s) => (s || '(request-response)')).join(', ')})`;
    }
    return null;
  }
  return `Resource ${resource} is neither a known service integration nor a Lambda function or activity ARN`;
}

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

const PSEUDO_PARAMETER_VALUES = {
  'AWS::AccountId': ACCOUNT, 'AWS::Partition': 'aws', 'AWS::Region': REGION, 'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'stack', 'AWS::StackId': `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/stack/id`,
};
const SERVICE_BY_NAMESPACE = { StepFunctions: 'states', Events: 'events', Logs: 'logs', ApiGateway: 'apigateway' };

/**
 * A placeholder for a value computed at deployment: an ARN of the referenced resource's service, a parameter's default,
 * an ARN guessed from a parameter's name ending in Arn, or a name.
 */
function placeholder(value, resources, parameters, name) {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  const simpleName = String(name).replace(/[^A-Za-z0-9_-]/g, '');
  let logicalId;
  let attribute;
  if (isObject(value) && typeof value.Ref === 'string' && Object.hasOwn(PSEUDO_PARAMETER_VALUES, value.Ref)) {
    return PSEUDO_PARAMETER_VALUES[value.Ref];
  }
  if (isObject(value) && typeof value.Ref === 'string') {
    logicalId = value.Ref;
  } else if (isObject(value) && value['Fn::GetAtt'] !== undefined) {
    const argument = value['Fn::GetAtt'];
    [logicalId, attribute] = Array.isArray(argument) ? argument : String(argument).split(/\.(.*)/);
  }
  const type = logicalId !== undefined ? resources[logicalId]?.Type : undefined;
  if (typeof type === 'string' && type.startsWith('AWS::')) {
    const namespace = type.split('::')[1];
    const service = SERVICE_BY_NAMESPACE[namespace] ?? namespace.toLowerCase();
    const kind = type.split('::')[2];
    const refIsArn = ['StateMachine', 'Topic', 'Activity', 'TaskDefinition'].includes(kind);
    if ((attribute !== undefined && /Arn$/.test(attribute)) || (attribute === undefined && refIsArn)) {
      const resourceKind = kind.charAt(0).toLowerCase() + kind.slice(1);
      return `arn:aws:${service}:${REGION}:${ACCOUNT}:${resourceKind}:${logicalId}`;
    }
    return logicalId;
  }
  const parameterName = logicalId ?? simpleName;
  const parameter = parameters[parameterName];
  if (isObject(parameter) && typeof parameter.Default === 'string' && parameter.Default !== '') return parameter.Default;
  if (/arn$/i.test(parameterName)) {
    if (/function|lambda/i.test(parameterName)) return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${simpleName}`;
    if (/statemachine/i.test(parameterName)) return `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${simpleName}`;
    if (/activity/i.test(parameterName)) return `arn:aws:states:${REGION}:${ACCOUNT}:activity:${simpleName}`;
    return `arn:aws:iam::${ACCOUNT}:role/${simpleName}`;
  }
  return simpleName || 'placeholder';
}

/** The definition text with every token replaced, and problems found while resolving it. */
function definitionText(properties, resources, parameters) {
  const problems = [];
  const substitutions = isObject(properties.DefinitionSubstitutions) ? properties.DefinitionSubstitutions : {};
  const substitute = (text, variables) => text.replace(/\$\{([^!}][^}]*)\}/g, (whole, variableName) => {
    const variable = variableName.trim();
    if (Object.hasOwn(variables, variable)) return placeholder(variables[variable], resources, parameters, variable);
    if (Object.hasOwn(PSEUDO_PARAMETER_VALUES, variable)) return PSEUDO_PARAMETER_VALUES[variable];
    problems.push(`the definition refers to \${${variable}}, which DefinitionSubstitutions does not define`);
    return variable;
  }).replace(/\$\{!/g, '${');
  let text;
  const definition = properties.DefinitionString;
  if (typeof definition === 'string') {
    text = definition;
  } else if (isObject(definition) && Array.isArray(definition['Fn::Join'])) {
    const [separator, parts] = definition['Fn::Join'];
    text = parts.map((part, i) => placeholder(part, resources, parameters, `Token${i}`)).join(separator);
  } else if (isObject(definition) && definition['Fn::Sub'] !== undefined) {
    const argument = definition['Fn::Sub'];
    const [subText, variables] = Array.isArray(argument) ? argument : [argument, {}];
    const resourceVariables = Object.fromEntries(Object.keys(resources).map((id) => [id, { Ref: id }]));
    return { text: substitute(String(subText), { ...resourceVariables, ...substitutions, ...(isObject(variables) ? variables : {}) }), problems };
  } else if (isObject(properties.Definition)) {
    text = JSON.stringify(properties.Definition);
  } else if (properties.DefinitionS3Location !== undefined) {
    return { text: undefined, problems: ['the definition is in S3 (DefinitionS3Location): not checked'] };
  } else {
    return { text: undefined, problems: ['no DefinitionString or Definition'] };
  }
  return { text: substitute(text, substitutions), problems };
}

function taskResources(states, found) {
  for (const [stateName, state] of Object.entries(isObject(states) ? states : {})) {
    if (!isObject(state)) continue;
    if (state.Type === 'Task') found.push([stateName, state.Resource]);
    for (const branch of state.Branches ?? []) taskResources(branch?.States, found);
    for (const processor of [state.ItemProcessor, state.Iterator]) {
      if (isObject(processor)) taskResources(processor.States, found);
    }
  }
  return found;
}

function templateFiles(arguments_) {
  const files = [];
  for (const argument of arguments_) {
    if (!existsSync(argument)) throw new Error(`No such file or directory: ${argument}`);
    if (statSync(argument).isDirectory()) {
      for (const name of readdirSync(argument).sort()) {
        if (name.endsWith('.template.json')) files.push(path.join(argument, name));
      }
    } else {
      files.push(argument);
    }
  }
  return files;
}

function main() {
  const arguments_ = process.argv.slice(2);
  if (arguments_.length === 0) {
    process.stderr.write('Usage: validate-asl.mjs TEMPLATE_OR_DIRECTORY...\n');
    process.exit(2);
  }
  let files;
  try {
    files = templateFiles(arguments_);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const problems = [];
  let machines = 0;
  for (const file of files) {
    const name = path.basename(file);
    let template;
    try {
      template = JSON.parse(readFileSync(file, 'utf-8'));
    } catch (error) {
      problems.push(`${name}: not a JSON template: ${error.message}`);
      continue;
    }
    const resources = isObject(template.Resources) ? template.Resources : {};
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (resource?.Type !== STATE_MACHINE) continue;
      machines += 1;
      const report = (problem) => problems.push(`${name}: ${logicalId} (${STATE_MACHINE}): ${problem}`);
      const { text, problems: resolving } = definitionText(resource.Properties ?? {}, resources, isObject(template.Parameters) ? template.Parameters : {});
      resolving.forEach(report);
      if (text === undefined) continue;
      let definition;
      try {
        definition = JSON.parse(text);
      } catch (error) {
        report(`the definition is not JSON: ${error.message}`);
        continue;
      }
      const tasks = taskResources(definition.States, []);
      const { isValid, errors } = aslValidator(definition);
      if (!isValid) {
        for (const error of errors) {
          const code = error['Error code'] ? `${error['Error code']}: ` : '';
          const where = error.path ?? error.instancePath;
          report(`invalid ASL: ${code}${error.Message ?? error.message ?? JSON.stringify(error)}${where ? ` at ${where}` : ''}`);
        }
      }
      for (const [stateName, taskResource] of tasks) {
        const problem = integrationProblem(taskResource);
        if (problem) report(`state ${stateName}: ${problem}`);
      }
    }
  }
  problems.forEach((problem) => process.stdout.write(`${problem}\n`));
  process.stderr.write(`${machines} state machine(s) in ${files.length} template(s) validated: ${problems.length} problem(s)\n`);
  process.exit(problems.length > 0 ? 1 : 0);
}

main();
