/**
 * The AWS SDK warns once per process that its releases after January 2027 need Node 22; sagelite
 * supports Node 20, so its commands do not print that unless the user asks for it.
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
export {};
