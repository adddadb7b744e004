/**
 * Shopify's error bodies. Shopify runs graphql-ruby, whose validation messages and
 * `extensions.code` values differ from graphql-js; the common cases are translated to graphql-ruby's
 * wording (message + code + details), the rest keep graphql-js's message with a generic code.
 */
import type { GraphQLError, GraphQLFormattedError } from "graphql";
import type { ThrottleStatus } from "./cost";

export const UNAUTHORIZED_BODY = {
  errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
};

export const MISSING_QUERY_BODY = { errors: { query: "Required parameter missing or invalid" } };

export const RATE_LIMITS_DOC = "https://shopify.dev/api/usage/rate-limits";

interface Translation {
  message: string;
  extensions: Record<string, unknown>;
}

const TRANSLATIONS: Array<{ pattern: RegExp; translate: (m: RegExpExecArray) => Translation }> = [
  {
    pattern: /^Cannot query field "([^"]+)" on type "([^"]+)"\./,
    translate: (m) => ({
      message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
      extensions: { code: "undefinedField", typeName: m[2], fieldName: m[1] },
    }),
  },
  {
    pattern: /^Unknown argument "([^"]+)" on field "([^".]+)\.([^"]+)"\./,
    translate: (m) => ({
      message: `Field '${m[3]}' doesn't accept argument '${m[1]}'`,
      extensions: { code: "argumentNotAccepted", name: m[3], typeName: "Field", argumentName: m[1] },
    }),
  },
  {
    pattern: /^Field "([^"]+)" argument "([^"]+)" of type "([^"]+)" is required, but it was not provided\./,
    translate: (m) => ({
      message: `Field '${m[1]}' is missing required arguments: ${m[2]}`,
      extensions: { code: "missingRequiredArguments", className: "Field", name: m[1], arguments: m[2] },
    }),
  },
  {
    pattern: /^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\./,
    translate: (m) => ({
      message: `Field must have selections (field '${m[1]}' returns ${m[2].replace(/!$/, "")} but has no selections. Did you mean '${m[1]} { ... }'?)`,
      extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName: m[2].replace(/!$/, "") },
    }),
  },
  {
    pattern: /^Field "([^"]+)" must not have a selection since type "([^"]+)" has no subfields\./,
    translate: (m) => ({
      message: `Selections can't be made on scalars (field '${m[1]}' returns ${m[2].replace(/!$/, "")} but has selections)`,
      extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName: m[2].replace(/!$/, "") },
    }),
  },
  {
    pattern: /^Unknown type "([^"]+)"\./,
    translate: (m) => ({
      message: `No such type ${m[1]}, so it can't be a fragment condition`,
      extensions: { code: "undefinedType", typeName: m[1] },
    }),
  },
  {
    pattern: /^Variable "\$([^"]+)" is never used/,
    translate: (m) => ({
      message: `Variable $${m[1]} is declared by anonymous query but not used`,
      extensions: { code: "variableNotUsed", variableName: m[1] },
    }),
  },
  {
    pattern: /^Variable "\$([^"]+)" is not defined/,
    translate: (m) => ({
      message: `Variable $${m[1]} is used by anonymous query but not declared`,
      extensions: { code: "variableNotDefined", variableName: m[1] },
    }),
  },
  {
    pattern: /^Syntax Error: (.*)$/,
    translate: (m) => ({ message: `Parse error: ${m[1]}`, extensions: { code: "parseError" } }),
  },
];

function translate(error: GraphQLError): Translation {
  for (const { pattern, translate: make } of TRANSLATIONS) {
    const match = pattern.exec(error.message);
    if (match) return make(match);
  }
  return { message: error.message, extensions: { code: "validationError" } };
}

/** graphql-ruby's wording of a parse or validation error. */
export function shopifyErrorMessage(error: GraphQLError): string {
  return translate(error).message;
}

/** A parse/validation error as Shopify formats it. */
export function formatValidationError(error: GraphQLError): GraphQLFormattedError {
  const { message, extensions } = translate(error);
  return {
    message,
    ...(error.locations ? { locations: error.locations } : {}),
    extensions,
  };
}

/** An execution error (ACCESS_DENIED, bad id, …): graphql-js's own format is Shopify's shape. */
export function formatExecutionError(error: GraphQLError): GraphQLFormattedError {
  return error.toJSON();
}

export function throttledBody(requestedQueryCost: number, throttleStatus: ThrottleStatus) {
  return {
    errors: [
      {
        message: "Throttled",
        extensions: { code: "THROTTLED", documentation: RATE_LIMITS_DOC },
      },
    ],
    extensions: { cost: { requestedQueryCost, actualQueryCost: null, throttleStatus } },
  };
}

export function maxCostExceededError(cost: number, maxCost: number): GraphQLFormattedError {
  return {
    message:
      `Query cost is ${cost}, which exceeds the single query max cost limit (${maxCost}).\n\n` +
      "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
      "cost of a query is calculated.\n\n" +
      "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
      "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
    extensions: { code: "MAX_COST_EXCEEDED", cost, maxCost, documentation: RATE_LIMITS_DOC },
  };
}
