export { ProtocolError, PROTOCOL_ERROR_HTTP_STATUS, isProtocolError } from './protocol-error.js';
export type { ProtocolErrorCode } from './protocol-error.js';
export { loadPrivateKey } from './load-private-key.js';
export { loadPublicKey } from './load-public-key.js';
export { parseEnvelope, isParsedEnvelope } from './parse-envelope.js';
export type { RequestEnvelope, ParsedEnvelope, ParseEnvelopeOptions } from './parse-envelope.js';
export { decryptRequest } from './decrypt-request.js';
export { exceedsJsonDepth } from './exceeds-json-depth.js';
export type { DecryptedRequest } from './decrypt-request.js';
export { encryptResponse } from './encrypt-response.js';
export { flipIv } from './flip-iv.js';
export { encryptRequest } from './encrypt-request.js';
export type { EncryptRequestOptions, EncryptedRequest } from './encrypt-request.js';
export { decryptResponse } from './decrypt-response.js';
export { signBody } from './sign-body.js';
export { simulationKey } from './simulation-key.js';
export { verifySignature } from './verify-signature.js';
export { signFlowTokenSignature } from './sign-flow-token-signature.js';
export type { SignFlowTokenSignatureOptions } from './sign-flow-token-signature.js';
export { verifyFlowTokenSignature } from './verify-flow-token-signature.js';
export type { VerifyFlowTokenSignatureOptions } from './verify-flow-token-signature.js';
export { decryptMedia } from './decrypt-media.js';
export type { MediaEncryptionMetadata } from './decrypt-media.js';
export { encryptMedia } from './encrypt-media.js';
export type { EncryptedMedia } from './encrypt-media.js';
export { generateKeyPair } from './generate-key-pair.js';
export type { KeyPairPem } from './generate-key-pair.js';
export { saveKeyPair, KEY_PAIR_FILES } from './save-key-pair.js';
export { encryptPrivateKey, privateKeyKdfIterations, PRIVATE_KEY_KDF_ITERATIONS } from './encrypt-private-key.js';
export { loadKeyPair } from './load-key-pair.js';
export type { LoadedKeyPair } from './load-key-pair.js';
export { parseEndpointRequest } from './parse-endpoint-request.js';
export type { EndpointRequest, EndpointAction } from './parse-endpoint-request.js';
export {
  SUCCESS_SCREEN,
  nextScreen,
  errorMessage,
  closeFlow,
  acknowledgeError,
  healthCheckResponse,
  invalidFlowTokenResponse,
} from './endpoint-response.js';
export type { EndpointResponse, NextScreenResponse, CloseFlowResponse } from './endpoint-response.js';
export { createRequestDecryptor, defaultDecryptThreads, inlineRequestDecryptor } from './request-decryptor.js';
export type { RequestDecryptor, RequestDecryptorOptions } from './request-decryptor.js';
export { startThread, THREAD_READY } from './start-thread.js';
export type { StartedThread } from './start-thread.js';
export { createSecretBox, SEALED_PREFIX } from './create-secret-box.js';
export type { SecretBox } from './create-secret-box.js';
export { createMediaDecipher, type MediaDecipher } from './create-media-decipher.js';
export { createMediaFileWriter, type MediaFileWriter, type WrittenMedia } from './create-media-file-writer.js';
export { createCheckedMediaFileWriter, decodeMediaSha256 } from './create-checked-media-file-writer.js';
export { createEndpointClient } from './create-endpoint-client.js';
export type { EndpointClientOptions, EndpointPublicKey } from './create-endpoint-client.js';
