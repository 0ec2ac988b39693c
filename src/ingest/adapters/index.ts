import { channeltalk } from './channeltalk.js';
import { generic } from './generic.js';
import type { ChannelAdapter } from './types.js';
import { zendesk } from './zendesk.js';

export type { ChannelAdapter, ConversationUpdate, HeaderMap, ParseOptions, QueryMap, SignatureErrorCode, VerifyResult, WebhookParseResult } from './types.js';

/** Every webhook adapter by name (the `adapter` column of a webhook receiver). */
export const ADAPTERS = { generic, channeltalk, zendesk } as const satisfies Record<ChannelAdapter['name'], ChannelAdapter>;

export type AdapterName = keyof typeof ADAPTERS;
