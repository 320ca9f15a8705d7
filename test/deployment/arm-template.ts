/**
 * Reading ARM templates for the deployment checks: the two template files, every template scope
 * in them (the file itself and each nested deployment with `expressionEvaluationOptions.scope:
 * inner`, which has its own parameters and variables), and the resources of each scope.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const TEMPLATES_DIR = path.resolve(__dirname, '..', '..', 'deploymentTemplates');

/** Each variant: its template and its example parameters file. */
export const VARIANTS = [
  {
    name: 'existing resource group',
    template: path.join(TEMPLATES_DIR, 'deployUseExistResourceGroup', 'template-BotApp-with-rg.json'),
    parameters: path.join(
      TEMPLATES_DIR,
      'deployUseExistResourceGroup',
      'parameters-for-template-BotApp-with-rg.json',
    ),
  },
  {
    name: 'new resource group',
    template: path.join(TEMPLATES_DIR, 'deployWithNewResourceGroup', 'template-BotApp-new-rg.json'),
    parameters: path.join(
      TEMPLATES_DIR,
      'deployWithNewResourceGroup',
      'parameters-for-template-BotApp-new-rg.json',
    ),
  },
] as const;

export function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

export function readJson(file: string): JsonObject {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Json;
  if (!isObject(parsed)) throw new Error(`${file} is not a JSON object`);
  return parsed;
}

export interface ArmResource {
  readonly type: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly body: JsonObject;
}

/** A template and where it sits: `root` or the name expression of the nested deployment holding it. */
export interface TemplateScope {
  readonly where: string;
  readonly template: JsonObject;
}

function resourcesOf(template: JsonObject): JsonObject[] {
  const list = template['resources'];
  return Array.isArray(list) ? list.filter(isObject) : [];
}

/** The file's template and every nested inner-scope template, depth first. */
export function templateScopes(template: JsonObject, where = 'root'): TemplateScope[] {
  const scopes: TemplateScope[] = [{ where, template }];
  for (const resource of resourcesOf(template)) {
    if (resource['type'] !== 'Microsoft.Resources/deployments') continue;
    const properties = resource['properties'];
    if (!isObject(properties) || !isObject(properties['template'])) continue;
    scopes.push(...templateScopes(properties['template'], String(resource['name'])));
  }
  return scopes;
}

/** The resources declared directly in one scope (not in nested templates). */
export function resourcesIn(template: JsonObject): ArmResource[] {
  return resourcesOf(template).map((body) => ({
    type: String(body['type']),
    apiVersion: String(body['apiVersion']),
    name: String(body['name']),
    body,
  }));
}

/** Every resource in the file, nested deployments included. */
export function allResources(template: JsonObject): ArmResource[] {
  return templateScopes(template).flatMap((scope) => resourcesIn(scope.template));
}

/** Every string in `value`, except inside nested inner-scope templates (they are scopes of their own). */
export function stringsInScope(value: Json, insideNested = false): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((item) => stringsInScope(item, insideNested));
  if (!isObject(value)) return [];
  const strings: string[] = [];
  const nestedTemplate = value['type'] === 'Microsoft.Resources/deployments';
  for (const [key, item] of Object.entries(value)) {
    strings.push(key);
    if (nestedTemplate && key === 'properties' && isObject(item)) {
      const { template: _template, ...rest } = item;
      strings.push(...stringsInScope(rest, insideNested));
      continue;
    }
    strings.push(...stringsInScope(item, insideNested));
  }
  return strings;
}

/** Names used as parameters('x') / variables('x') in the expressions of `strings`. */
export function referencedNames(strings: readonly string[], kind: 'parameters' | 'variables'): Set<string> {
  const names = new Set<string>();
  const pattern = new RegExp(`\\b${kind}\\('([^']+)'\\)`, 'g');
  for (const text of strings) {
    if (!text.startsWith('[')) continue;
    for (const match of text.matchAll(pattern)) if (match[1]) names.add(match[1]);
  }
  return names;
}

/** The one resource of `type` in the file; fails when there is none or several. */
export function onlyResource(template: JsonObject, type: string): ArmResource {
  const found = allResources(template).filter((r) => r.type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as ArmResource;
}

/** `properties` of a resource, as an object. */
export function propertiesOf(resource: ArmResource): JsonObject {
  const properties = resource.body['properties'];
  if (!isObject(properties)) throw new Error(`${resource.type} ${resource.name} has no properties`);
  return properties;
}
