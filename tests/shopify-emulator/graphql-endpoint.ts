/**
 * One Admin GraphQL request for an authenticated shop, in Shopify's order: parse and validate against
 * the real schema, check paging arguments, compute the requested cost (MAX_COST_EXCEEDED above the
 * single-query cap), take it from the shop's bucket (THROTTLED when short), execute through the
 * resolver table with scope enforcement, then refund the unused cost. Every answer carries
 * `extensions.cost`.
 */
import {
  execute,
  getOperationAST,
  getVariableValues,
  parse,
  responsePathAsArray,
  validate,
  GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLTypeResolver,
} from "graphql";
import { connectionLimitErrors } from "./connection-limits";
import { actualQueryCost, requestedQueryCost } from "./cost";
import {
  formatExecutionError,
  formatValidationError,
  maxCostExceededError,
  throttledBody,
} from "./errors";
import type { EmulatorBehaviour } from "./options";
import { fieldReader, notImplemented, readProperty, unwrapSource } from "./resolvers/index";
import { paginate } from "./resolvers/pagination";
import { Typed, type ResolveContext, type ResolverTable } from "./resolvers/types";
import type { AdminSchema } from "./schema";
import { accessDeniedError, checkFieldAccess } from "./scopes";
import { walkContextFor } from "./selection";
import type { ShopState } from "./shop-state";

export interface GraphqlRequestBody {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface EndpointAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface GraphqlEndpointDeps {
  admin: AdminSchema;
  table: ResolverTable;
  behaviour: EmulatorBehaviour;
  contextFor: (shop: ShopState) => ResolveContext;
}

/** Parsed documents are reused: clients send the same few documents over and over. */
const documentCache = new Map<string, DocumentNode>();

export async function answerGraphql(
  request: GraphqlRequestBody,
  shop: ShopState,
  deps: GraphqlEndpointDeps,
): Promise<EndpointAnswer> {
  const { admin, behaviour } = deps;
  const costBlock = (requested: number, actual: number | null) => ({
    cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: shop.bucket.status() },
  });
  const failed = (errors: unknown[], requested = 0): EndpointAnswer => ({
    status: 200,
    body: { errors, extensions: costBlock(requested, requested) },
  });

  let document = documentCache.get(request.query);
  if (!document) {
    try {
      document = parse(request.query);
    } catch (error) {
      if (error instanceof GraphQLError) return failed([formatValidationError(error)]);
      throw error;
    }
    const validationErrors = validate(admin.schema, document);
    if (validationErrors.length > 0) return failed(validationErrors.map(formatValidationError));
    if (documentCache.size > 500) documentCache.clear();
    documentCache.set(request.query, document);
  }

  const operation = getOperationAST(document, request.operationName ?? undefined);
  if (!operation) {
    return failed([{ message: request.operationName ? `No operation named "${request.operationName}"` : "An operation name is required" }]);
  }
  const coerced = getVariableValues(admin.schema, operation.variableDefinitions ?? [], request.variables ?? {});
  if (coerced.errors) {
    return failed(coerced.errors.map((e) => ({ message: e.message, locations: e.locations, extensions: { code: "INVALID_VARIABLE" } })));
  }
  const walk = walkContextFor(admin.schema, document, coerced.coerced);

  const limitErrors = connectionLimitErrors(walk, operation);
  if (limitErrors.length > 0) return failed(limitErrors.map((e) => e.toJSON()));

  const requested = requestedQueryCost(walk, operation);
  if (requested > behaviour.rateLimit.maxQueryCost) {
    return failed([maxCostExceededError(requested, behaviour.rateLimit.maxQueryCost)], requested);
  }
  if (!shop.bucket.tryTake(requested)) {
    const status = behaviour.rateLimit.throttledHttpStatus;
    const throttle = shop.bucket.status();
    const waitSeconds = Math.ceil((requested - throttle.currentlyAvailable) / throttle.restoreRate);
    return {
      status,
      body: throttledBody(requested, throttle),
      headers: status === 429 ? { "Retry-After": String(Math.max(1, waitSeconds)) } : undefined,
    };
  }

  const context = deps.contextFor(shop);
  const result = (await execute({
    schema: admin.schema,
    document,
    operationName: request.operationName ?? undefined,
    variableValues: request.variables ?? {},
    rootValue: {},
    contextValue: context,
    fieldResolver: tableResolver(deps),
    typeResolver,
  })) as ExecutionResult;

  const actual = Math.min(requested, actualQueryCost(walk, operation, result.data as Record<string, unknown> | null));
  shop.bucket.refund(requested - actual);

  const extensions: Record<string, unknown> = costBlock(requested, actual);
  if (context.searchWarnings.length > 0) extensions.search = context.searchWarnings;
  const body: Record<string, unknown> = {};
  if (result.errors && result.errors.length > 0) body.errors = result.errors.map(formatExecutionError);
  body.data = result.data ?? null;
  body.extensions = extensions;
  return { status: 200, body };
}

function tableResolver(deps: GraphqlEndpointDeps): GraphQLFieldResolver<unknown, ResolveContext> {
  const access = deps.admin.requiredAccess;
  return (source, args, context, info) => {
    const typeName = info.parentType.name;
    const denial = checkFieldAccess(access, context.scopes, typeName, info.fieldName, info.returnType);
    if (denial) throw accessDeniedError(denial);
    const entry = fieldReader(deps.table, typeName, info.fieldName);
    if (entry === null) throw notImplemented(typeName, info.fieldName);
    const target = unwrapSource(source);
    if (entry === "property") return readProperty(target, typeName, info.fieldName);
    if (entry.kind === "value") return entry.resolve(target, args, context);
    const list = entry.list(target, args, context);
    if (list.search && list.search.warnings.length > 0) {
      context.searchWarnings.push({
        path: responsePathAsArray(info.path),
        query: list.search.query,
        warnings: list.search.warnings,
      });
    }
    return paginate(list, args);
  };
}

const typeResolver: GraphQLTypeResolver<unknown, ResolveContext> = (value) =>
  value instanceof Typed ? value.typeName : undefined;
