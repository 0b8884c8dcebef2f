#include "tls/ServerTlsContext.h"

#include "tls/TlsCertificate.h"

namespace nestbox::server {

namespace {

// Mozilla's "intermediate" TLS 1.2 list without the finite-field DHE suites. TLS 1.3 has its own
// suites, all of them modern, which OpenSSL keeps at their defaults.
const char* kTls12Ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                            "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                            "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

} // namespace

Poco::Net::Context::Ptr makeServerTlsContext(const TlsCertificate& certificate)
{
    using Poco::Net::Context;
    Context::Params params;
    params.privateKeyFile = certificate.keyFile();
    params.certificateFile = certificate.certFile();
    params.verificationMode = Context::VERIFY_NONE;
    params.loadDefaultCAs = false;
    params.cipherList = kTls12Ciphers;
    params.ecdhCurve = "X25519:P-256:P-384";
    Context::Ptr context = new Context(Context::TLS_SERVER_USE, params);
    context->disableProtocols(Context::PROTO_SSLV2 | Context::PROTO_SSLV3 | Context::PROTO_TLSV1
                              | Context::PROTO_TLSV1_1);
    context->requireMinimumProtocol(Context::PROTO_TLSV1_2);
    context->preferServerCiphers();
    context->enableSessionCache(true, "nestboxd");
    return context;
}

} // namespace nestbox::server
