#pragma once

#include <cstdint>
#include <string>

namespace nestbox::server {

// The certificate nestboxd serves HTTPS with: a PEM certificate and its PEM private key, checked
// to belong together, and the certificate's SHA-256 fingerprint (what a client pins on first use).
// Self-signed certificates are made here with OpenSSL 3's EVP API: ECDSA P-256, valid for ten
// years, CN = the host name, SANs host, host.local, localhost, 127.0.0.1 and ::1.
class TlsCertificate {
public:
    // Reads and checks the pair; throws std::runtime_error naming the file and what is wrong
    // (missing, unreadable, not PEM, key of another certificate).
    static TlsCertificate load(const std::string& certFile, const std::string& keyFile);

    // Writes a new self-signed pair for `hostname`: the key with mode 0600, each file written
    // to a temporary name, synced and renamed, so a crash never leaves half a file; the
    // directories are created (0700) when missing.
    static void generateSelfSigned(const std::string& certFile, const std::string& keyFile,
                                   const std::string& hostname);

    // The certificate nestboxd serves: with `configured` (tls.cert_file/tls.key_file given) the
    // pair must exist and is only loaded; otherwise a missing certificate is generated first
    // (self-signed) and kept, and `*generated` says so.
    static TlsCertificate ensure(const std::string& certFile, const std::string& keyFile, bool configured,
                                 bool* generated = nullptr);

    // The machine's host name (gethostname), "localhost" when it has none.
    static std::string hostname();

    const std::string& certFile() const { return _certFile; }
    const std::string& keyFile() const { return _keyFile; }
    // "AB:CD:…" — 32 colon-separated upper-case hex pairs, as the app shows it.
    const std::string& fingerprint() const { return _fingerprint; }
    // The same 32 bytes as 64 lower-case hex digits (the DNS-SD TXT record `fp`).
    const std::string& fingerprintHex() const { return _fingerprintHex; }
    const std::string& subject() const { return _subject; }
    // Unix seconds of notAfter.
    std::int64_t notAfter() const { return _notAfter; }

private:
    std::string _certFile;
    std::string _keyFile;
    std::string _fingerprint;
    std::string _fingerprintHex;
    std::string _subject;
    std::int64_t _notAfter = 0;
};

} // namespace nestbox::server
