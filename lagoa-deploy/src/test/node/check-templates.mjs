#!/usr/bin/env node
// Checks CloudFormation templates against the CloudFormation resource specification (npm @aws-cdk/aws-service-spec),
// offline: unknown resource types and properties, missing required properties, literals of the wrong type (nested
// property types included), and references (Ref, Fn::GetAtt, Fn::Sub, DependsOn, Condition, Fn::If, Fn::FindInMap)
// to names the template does not define. Intrinsic functions are accepted wherever a value is expected: their result
// is only known at deployment. Not checked: allowed values, patterns, lengths, IAM policy grammar.
//
// Usage: node check-templates.mjs PATH...   (a PATH is a *.template.json file or a directory holding some)
// Prints one line per problem on standard output, "template: LogicalId (Type): problem", a summary on standard error,
// and exits 1 when there is any problem, 2 on bad usage.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId',
  'AWS::StackName', 'AWS::URLSuffix',
]);
// Types outside the resource specification that CloudFormation or the CDK accept.
const UNSPECIFIED_TYPES = new Set(['AWS::CDK::Metadata']);
const RESOURCE_KEYS = new Set([
  'Type', 'Properties', 'DependsOn', 'Condition', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy',
  'CreationPolicy',
]);

/**
 * The specification reduced to what the checks need: resource types to their properties and attributes, type
 * definitions by id. The full database takes seconds to parse, so the reduction is cached next to the package,
 * keyed by its version.
 */
function loadSpecification() {
  const packageJson = require.resolve('@aws-cdk/aws-service-spec/package.json');
  const version = JSON.parse(readFileSync(packageJson, 'utf-8')).version;
  const cacheDirectory = path.join(path.dirname(packageJson), '..', '..', '.cache');
  const cacheFile = path.join(cacheDirectory, `lagoa-spec-index-${version}.json`);
  if (existsSync(cacheFile)) {
    return JSON.parse(readFileSync(cacheFile, 'utf-8'));
  }
  const { loadAwsServiceSpecSync } = require('@aws-cdk/aws-service-spec');
  const db = loadAwsServiceSpecSync();
  const reduceProperties = (properties) => Object.fromEntries(Object.entries(properties).map(([name, property]) =>
    [name, { type: property.type, previousTypes: property.previousTypes, required: property.required === true }]));
  const index = { version, resources: {}, typeDefinitions: {} };
  for (const resource of db.all('resource')) {
    index.resources[resource.cloudFormationType] = {
      properties: reduceProperties(resource.properties),
      attributes: Object.keys(resource.attributes),
    };
  }
  for (const definition of db.all('typeDefinition')) {
    index.typeDefinitions[definition.$id] = { name: definition.name, properties: reduceProperties(definition.properties) };
  }
  mkdirSync(cacheDirectory, { recursive: true });
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(index));
  renameSync(temporary, cacheFile);
  return index;
}

function templateFiles(arguments_) {
  const files = [];
  for (const argument of arguments_) {
    if (!existsSync(argument)) {
      throw new Error(`No such file or directory: ${argument}`);
    }
    if (statSync(argument).isDirectory()) {
      for (const name of readdirSync(argument).sort()) {
        if (name.endsWith('.template.json')) {
          files.push(path.join(argument, name));
        }
      }
    } else {
      files.push(argument);
    }
  }
  return files;
}

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const isIntrinsic = (value) => isObject(value) && Object.keys(value).length === 1
  && (Object.keys(value)[0] === 'Ref' || Object.keys(value)[0].startsWith('Fn::'));
const describe = (value) => (Array.isArray(value) ? 'a list' : value === null ? 'null' : isObject(value) ? 'an object'
  : typeof value === 'string' ? `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`
    : `the ${typeof value} ${JSON.stringify(value)}`);

/** Checks templates against one loaded specification; collects problems as lines. */
class TemplateChecker {
  constructor(specification) {
    this.specification = specification;
    this.problems = [];
  }

  check(file) {
    const name = path.basename(file);
    let template;
    try {
      template = JSON.parse(readFileSync(file, 'utf-8'));
    } catch (error) {
      this.problems.push(`${name}: not a JSON template: ${error.message}`);
      return;
    }
    const resources = isObject(template.Resources) ? template.Resources : {};
    if (!isObject(template.Resources)) {
      this.problems.push(`${name}: no Resources section`);
    }
    const context = {
      name,
      resources,
      parameters: isObject(template.Parameters) ? template.Parameters : {},
      conditions: isObject(template.Conditions) ? template.Conditions : {},
      mappings: isObject(template.Mappings) ? template.Mappings : {},
      serverless: [template.Transform].flat().some((t) => typeof t === 'string' && t.startsWith('AWS::Serverless')),
    };
    for (const [logicalId, resource] of Object.entries(resources)) {
      this.checkResource(context, logicalId, resource);
    }
    for (const [conditionName, condition] of Object.entries(context.conditions)) {
      const report = (problem) => this.problems.push(`${name}: Conditions.${conditionName}: ${problem}`);
      this.checkReferences(context, condition, report, true);
    }
    for (const [outputName, output] of Object.entries(isObject(template.Outputs) ? template.Outputs : {})) {
      const report = (problem) => this.problems.push(`${name}: Outputs.${outputName}: ${problem}`);
      if (output.Condition !== undefined) {
        this.checkConditionName(context, output.Condition, report);
      }
      this.checkReferences(context, output.Value, report, false);
      if (output.Export) {
        this.checkReferences(context, output.Export, report, false);
      }
    }
  }

  checkResource(context, logicalId, resource) {
    const type = isObject(resource) ? resource.Type : undefined;
    const report = (problem) => this.problems.push(`${context.name}: ${logicalId} (${type ?? 'no type'}): ${problem}`);
    if (typeof type !== 'string') {
      report('no Type');
      return;
    }
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_KEYS.has(key)) {
        report(`unknown resource attribute ${key}`);
      }
    }
    if (resource.Condition !== undefined) {
      this.checkConditionName(context, resource.Condition, report);
    }
    for (const dependency of [resource.DependsOn ?? []].flat()) {
      if (typeof dependency !== 'string' || !Object.hasOwn(context.resources, dependency)) {
        report(`DependsOn names ${JSON.stringify(dependency)}, which is not a resource of the template`);
      } else if (dependency === logicalId) {
        report('DependsOn names the resource itself');
      }
    }
    const properties = resource.Properties ?? {};
    this.checkReferences(context, properties, report, false);
    if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') {
      if (!isObject(properties) || properties.ServiceToken === undefined) {
        report('missing required property ServiceToken');
      }
      return;
    }
    if (UNSPECIFIED_TYPES.has(type) || type.endsWith('::MODULE') || (context.serverless && type.startsWith('AWS::Serverless::'))) {
      return;
    }
    const specification = this.specification.resources[type];
    if (!specification) {
      report('unknown resource type');
      return;
    }
    if (isIntrinsic(properties)) {
      return;
    }
    if (!isObject(properties)) {
      report(`Properties is ${describe(properties)}, expected an object`);
      return;
    }
    this.checkObject(specification.properties, properties, '', report);
  }

  checkObject(propertySpecifications, value, where, report) {
    for (const [key, propertyValue] of Object.entries(value)) {
      const property = propertySpecifications[key];
      if (!property) {
        report(`unknown property ${where}${key}`);
        continue;
      }
      const types = [property.type, ...(property.previousTypes ?? [])];
      const attempts = types.map((type) => {
        const found = [];
        this.checkValue(type, propertyValue, `${where}${key}`, (problem) => found.push(problem));
        return found;
      });
      if (!attempts.some((found) => found.length === 0)) {
        attempts[0].forEach(report);
      }
    }
    for (const [key, property] of Object.entries(propertySpecifications)) {
      if (property.required && value[key] === undefined) {
        report(`missing required property ${where}${key}`);
      }
    }
  }

  checkValue(type, value, where, report) {
    if (isIntrinsic(value)) {
      return;
    }
    const wrong = (expected) => report(`property ${where} is ${describe(value)}, expected ${expected}`);
    switch (type.type) {
      case 'string':
      case 'date-time':
        // CloudFormation turns numbers and booleans into strings; lists and objects are errors.
        if (!['string', 'number', 'boolean'].includes(typeof value)) wrong('a string');
        return;
      case 'number':
        if (!(typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))))) {
          wrong('a number');
        }
        return;
      case 'integer':
        if (!(Number.isInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value.trim())))) wrong('an integer');
        return;
      case 'boolean':
        if (!(typeof value === 'boolean' || value === 'true' || value === 'false')) wrong('a boolean');
        return;
      case 'json':
      case 'null':
        return;
      case 'tag':
        if (!isObject(value)) {
          wrong('a tag ({"Key": ..., "Value": ...})');
        } else {
          this.checkObject({ Key: { type: { type: 'string' }, required: true }, Value: { type: { type: 'string' }, required: true } },
            value, `${where}.`, report);
        }
        return;
      case 'array':
        if (!Array.isArray(value)) {
          wrong('a list');
        } else {
          value.forEach((element, i) => this.checkValue(type.element, element, `${where}[${i}]`, report));
        }
        return;
      case 'map':
        if (!isObject(value)) {
          wrong('an object (a map)');
        } else {
          for (const [key, element] of Object.entries(value)) this.checkValue(type.element, element, `${where}.${key}`, report);
        }
        return;
      case 'ref': {
        const definition = this.specification.typeDefinitions[type.reference.$ref];
        if (!definition) return;
        if (!isObject(value)) {
          wrong(`an object (${definition.name})`);
        } else {
          this.checkObject(definition.properties, value, `${where}.`, report);
        }
        return;
      }
      case 'union': {
        const attempts = type.types.map((alternative) => {
          const found = [];
          this.checkValue(alternative, value, where, (problem) => found.push(problem));
          return found;
        });
        if (!attempts.some((found) => found.length === 0)) {
          // The alternative whose problems lie deepest is the one the author meant.
          attempts.sort((a, b) => Math.max(0, ...b.map((p) => p.length)) - Math.max(0, ...a.map((p) => p.length)));
          attempts[0].forEach(report);
        }
        return;
      }
      default:
        return;
    }
  }

  checkConditionName(context, condition, report) {
    if (typeof condition !== 'string' || !Object.hasOwn(context.conditions, condition)) {
      report(`Condition ${JSON.stringify(condition)} is not defined in Conditions`);
    }
  }

  /** Walks a value for intrinsic functions and checks the names they refer to. */
  checkReferences(context, value, report, inConditions) {
    if (Array.isArray(value)) {
      value.forEach((element) => this.checkReferences(context, element, report, inConditions));
      return;
    }
    if (!isObject(value)) {
      return;
    }
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys;
      const argument = value[key];
      switch (key) {
        case 'Ref':
          if (typeof argument !== 'string') {
            report(`Ref takes a name, not ${describe(argument)}`);
          } else if (!PSEUDO_PARAMETERS.has(argument) && !Object.hasOwn(context.parameters, argument)
            && !(Object.hasOwn(context.resources, argument) && !inConditions)) {
            report(`Ref to ${argument}, which is not a ${inConditions ? '' : 'resource, '}parameter or pseudo parameter of the template`);
          }
          return;
        case 'Fn::GetAtt': {
          const [resourceName, attribute] = typeof argument === 'string'
            ? [argument.slice(0, argument.indexOf('.')), argument.slice(argument.indexOf('.') + 1)]
            : Array.isArray(argument) ? argument : [undefined, undefined];
          if (typeof resourceName !== 'string') {
            report(`Fn::GetAtt takes [resource, attribute], not ${describe(argument)}`);
          } else {
            this.checkAttribute(context, resourceName, attribute, report);
          }
          if (Array.isArray(argument)) this.checkReferences(context, argument[1], report, inConditions);
          return;
        }
        case 'Fn::Sub': {
          const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
          if (typeof text === 'string') {
            for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
              const variable = match[1].trim();
              if (isObject(variables) && Object.hasOwn(variables, variable)) continue;
              const dot = variable.indexOf('.');
              if (dot > 0 && !variable.startsWith('AWS::')) {
                this.checkAttribute(context, variable.slice(0, dot), variable.slice(dot + 1), report);
              } else if (!PSEUDO_PARAMETERS.has(variable) && !Object.hasOwn(context.parameters, variable)
                && !Object.hasOwn(context.resources, variable)) {
                report(`Fn::Sub refers to \${${variable}}, which is not a resource, parameter, pseudo parameter or variable of the template`);
              }
            }
          }
          this.checkReferences(context, variables, report, inConditions);
          return;
        }
        case 'Fn::If':
          if (Array.isArray(argument)) {
            this.checkConditionName(context, argument[0], report);
            this.checkReferences(context, argument.slice(1), report, inConditions);
          } else {
            report('Fn::If takes [condition, value if true, value if false]');
          }
          return;
        case 'Condition':
          if (inConditions) {
            this.checkConditionName(context, argument, report);
            return;
          }
          break;
        case 'Fn::FindInMap':
          if (Array.isArray(argument) && typeof argument[0] === 'string' && !Object.hasOwn(context.mappings, argument[0])) {
            report(`Fn::FindInMap names ${argument[0]}, which is not in Mappings`);
          }
          break;
        default:
          break;
      }
    }
    for (const element of Object.values(value)) {
      this.checkReferences(context, element, report, inConditions);
    }
  }

  checkAttribute(context, resourceName, attribute, report) {
    if (!Object.hasOwn(context.resources, resourceName)) {
      report(`Fn::GetAtt to ${resourceName}, which is not a resource of the template`);
      return;
    }
    const type = context.resources[resourceName]?.Type;
    const specification = this.specification.resources[type];
    if (typeof attribute === 'string' && specification && specification.attributes.length > 0
      && !specification.attributes.includes(attribute)) {
      report(`Fn::GetAtt to ${resourceName}.${attribute}: ${type} has no attribute ${attribute}`);
    }
  }
}

function main() {
  const arguments_ = process.argv.slice(2);
  if (arguments_.length === 0) {
    process.stderr.write('Usage: check-templates.mjs TEMPLATE_OR_DIRECTORY...\n');
    process.exit(2);
  }
  let files;
  try {
    files = templateFiles(arguments_);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const checker = new TemplateChecker(loadSpecification());
  files.forEach((file) => checker.check(file));
  for (const problem of checker.problems) {
    process.stdout.write(`${problem}\n`);
  }
  process.stderr.write(`${files.length} template(s) checked against the CloudFormation resource specification: `
    + `${checker.problems.length} problem(s)\n`);
  process.exit(checker.problems.length > 0 ? 1 : 0);
}

main();
