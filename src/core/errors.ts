import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * The top-level errors of the API (DESIGN: conventions). A record the viewer may not see is
 * reported exactly as one that does not exist.
 */
const UNAUTHENTICATED_MESSAGES = {
  MISSING: 'Chưa đăng nhập.',
  INVALID: 'Phiên đăng nhập không hợp lệ hoặc đã bị thu hồi. Vui lòng đăng nhập lại.',
  EXPIRED: 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.',
} as const;

export type AuthProblem = keyof typeof UNAUTHENTICATED_MESSAGES;

export function unauthenticated(problem: AuthProblem): GraphQLError {
  return new GraphQLError(UNAUTHENTICATED_MESSAGES[problem], {
    extensions: { code: 'UNAUTHENTICATED', reason: problem, http: { status: 401 } },
  });
}

export function forbidden(message = 'Không có quyền thực hiện thao tác này.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

export function passwordChangeRequired(): GraphQLError {
  return new GraphQLError('Phải đổi mật khẩu được cấp trước khi sử dụng hệ thống.', {
    extensions: { code: 'FORBIDDEN', reason: 'PASSWORD_CHANGE_REQUIRED' },
  });
}

export function notFound(): GraphQLError {
  return new GraphQLError('Không tìm thấy.', { extensions: { code: 'NOT_FOUND' } });
}

/** Errors we raised on purpose (and validation errors); anything else is a fault of ours. */
export function isExpectedError(error: unknown): boolean {
  if (!isGraphQLError(error)) return false;
  return error.originalError == null || isGraphQLError(error.originalError);
}

/**
 * Also by class name up the prototype chain: a process can hold two copies of graphql (its CommonJS
 * and ES builds), and Apollo's own client errors are subclasses (ValidationError, SyntaxError…).
 */
function isGraphQLError(error: unknown): error is GraphQLError {
  if (error instanceof GraphQLError) return true;
  for (let proto = error == null ? null : Object.getPrototypeOf(error); proto; proto = Object.getPrototypeOf(proto)) {
    if ((proto as { constructor?: { name?: string } }).constructor?.name === 'GraphQLError') return true;
  }
  return false;
}

/**
 * What a client sees of an error: expected errors as they are; anything unexpected (a bug, a
 * database failure) as a bare INTERNAL_SERVER_ERROR, its details kept for the server's log.
 */
export function maskError(formatted: GraphQLFormattedError, original: unknown): GraphQLFormattedError {
  if (isExpectedError(original)) return formatted;
  return { message: 'Lỗi máy chủ.', ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/**
 * graphql-js's "Did you mean …?" hints name fields, types and arguments a client did not send:
 * with introspection off (production) they would hand out the schema piece by piece.
 */
export function withoutSchemaHints(message: string): string {
  return message.replace(/\s*Did you mean .+\?\s*$/s, '');
}

/** The error mask of a server: `base` (maskError unless the server adds to it), and in production no schema hints in any message. */
export function errorMask(options: { hideSchemaDetails: boolean; base?: (formatted: GraphQLFormattedError, original: unknown) => GraphQLFormattedError }) {
  const base = options.base ?? maskError;
  return (formatted: GraphQLFormattedError, original: unknown): GraphQLFormattedError => {
    const masked = base(formatted, original);
    return options.hideSchemaDetails ? { ...masked, message: withoutSchemaHints(masked.message) } : masked;
  };
}
