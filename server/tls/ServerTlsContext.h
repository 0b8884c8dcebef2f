#pragma once

#include <Poco/Net/Context.h>

namespace nestbox::server {

class TlsCertificate;

// The OpenSSL context of nestboxd's HTTPS listener: TLS 1.2 and 1.3 only (SSLv2/3, TLS 1.0 and
// 1.1 disabled), forward-secret AEAD cipher suites for TLS 1.2 (ECDHE with AES-GCM or
// ChaCha20-Poly1305) in the server's order of preference, no client certificates.
// Throws Poco::Exception when OpenSSL refuses the certificate or key.
Poco::Net::Context::Ptr makeServerTlsContext(const TlsCertificate& certificate);

} // namespace nestbox::server
