#include "tls/TlsCertificate.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>
#include <stdexcept>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nestbox::server {

namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

constexpr long kValiditySeconds = 10L * 365 * 24 * 3600 + 2L * 24 * 3600; // ten years, leap days included

// The newest OpenSSL error as text, and the queue emptied.
std::string opensslError()
{
    const unsigned long code = ERR_peek_last_error();
    ERR_clear_error();
    if (code == 0)
        return "unknown OpenSSL error";
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

[[noreturn]] void fail(const std::string& what)
{
    throw std::runtime_error(what + ": " + opensslError());
}

std::string readFile(const std::string& path, const char* key)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw std::runtime_error(std::string(key) + " " + path + ": cannot open: " + std::strerror(errno));
    std::string data;
    char buffer[8192];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            throw std::runtime_error(std::string(key) + " " + path + ": cannot read: " + std::strerror(err));
        }
        if (n == 0)
            break;
        data.append(buffer, static_cast<std::size_t>(n));
        if (data.size() > (1 << 20)) {
            ::close(fd);
            throw std::runtime_error(std::string(key) + " " + path + ": larger than 1 MiB, not a PEM file");
        }
    }
    ::close(fd);
    return data;
}

BioPtr memoryBio(const std::string& data)
{
    BioPtr bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
    if (!bio)
        fail("BIO_new_mem_buf");
    return bio;
}

std::string bioText(BIO* bio)
{
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

void makeDirectories(const std::string& file)
{
    const auto slash = file.rfind('/');
    if (slash == std::string::npos || slash == 0)
        return;
    const std::string dir = file.substr(0, slash);
    std::size_t pos = 1;
    while (pos <= dir.size()) {
        const auto next = dir.find('/', pos);
        const std::string part = dir.substr(0, next == std::string::npos ? dir.size() : next);
        if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST)
            throw std::runtime_error("cannot create " + part + ": " + std::strerror(errno));
        if (next == std::string::npos)
            break;
        pos = next + 1;
    }
}

// Writes `data` to `path` with `mode` through a temporary file in the same directory: written,
// fsync'd, renamed over `path`, then the directory fsync'd.
void writeAtomically(const std::string& path, const std::string& data, mode_t mode)
{
    makeDirectories(path);
    std::string tmp = path + ".XXXXXX";
    const int fd = ::mkstemp(tmp.data()); // 0600 from the start: the key is never readable by others
    if (fd < 0)
        throw std::runtime_error("cannot create " + tmp + ": " + std::strerror(errno));
    auto bail = [&](const std::string& what) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        throw std::runtime_error(what + " " + tmp + ": " + std::strerror(err));
    };
    if (::fchmod(fd, mode) != 0)
        bail("cannot chmod");
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            bail("cannot write");
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0)
        bail("cannot sync");
    ::close(fd);
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw std::runtime_error("cannot rename " + tmp + " to " + path + ": " + std::strerror(err));
    }
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

void addExtension(X509* cert, int nid, const std::string& value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    if (!ext || !X509_add_ext(cert, ext.get(), -1))
        fail("cannot add certificate extension " + value);
}

// A DNS name is safe in a SAN only with letters, digits, '-' and '.'.
bool dnsSafe(const std::string& name)
{
    if (name.empty() || name.size() > 253)
        return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
            return false;
    return true;
}

} // namespace

std::string TlsCertificate::hostname()
{
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0')
        return "localhost";
    return name;
}

TlsCertificate TlsCertificate::load(const std::string& certFile, const std::string& keyFile)
{
    const std::string certPem = readFile(certFile, "tls.cert_file");
    const std::string keyPem = readFile(keyFile, "tls.key_file");
    BioPtr certBio = memoryBio(certPem);
    X509Ptr cert(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
    if (!cert) {
        ERR_clear_error();
        throw std::runtime_error("tls.cert_file " + certFile + ": no PEM certificate in it");
    }
    BioPtr keyBio = memoryBio(keyPem);
    // An empty passphrase: an encrypted key is refused rather than prompting on a terminal.
    KeyPtr key(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr));
    if (!key) {
        ERR_clear_error();
        throw std::runtime_error("tls.key_file " + keyFile
                                 + ": no unencrypted PEM private key in it (a passphrase-protected key is not supported)");
    }
    if (X509_check_private_key(cert.get(), key.get()) != 1) {
        ERR_clear_error();
        throw std::runtime_error("tls.key_file " + keyFile + " is not the private key of the certificate in tls.cert_file "
                                 + certFile);
    }

    TlsCertificate c;
    c._certFile = certFile;
    c._keyFile = keyFile;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdLength = 0;
    if (!X509_digest(cert.get(), EVP_sha256(), md, &mdLength))
        fail("X509_digest");
    static const char* kUpper = "0123456789ABCDEF";
    static const char* kLower = "0123456789abcdef";
    for (unsigned int i = 0; i < mdLength; ++i) {
        if (i > 0)
            c._fingerprint += ':';
        c._fingerprint += kUpper[md[i] >> 4];
        c._fingerprint += kUpper[md[i] & 15];
        c._fingerprintHex += kLower[md[i] >> 4];
        c._fingerprintHex += kLower[md[i] & 15];
    }
    BioPtr subject(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(subject.get(), X509_get_subject_name(cert.get()), 0, XN_FLAG_ONELINE);
    c._subject = bioText(subject.get());
    struct tm notAfter {};
    if (ASN1_TIME_to_tm(X509_get0_notAfter(cert.get()), &notAfter) == 1)
        c._notAfter = static_cast<std::int64_t>(timegm(&notAfter));
    return c;
}

TlsCertificate TlsCertificate::ensure(const std::string& certFile, const std::string& keyFile, bool configured,
                                      bool* generated)
{
    if (generated)
        *generated = false;
    struct stat st {};
    if (!configured && ::stat(certFile.c_str(), &st) != 0 && errno == ENOENT) {
        // No certificate yet (first start, or a crash between writing the key and the
        // certificate): make the pair. A key without its certificate is replaced.
        generateSelfSigned(certFile, keyFile, hostname());
        if (generated)
            *generated = true;
    }
    return load(certFile, keyFile);
}

void TlsCertificate::generateSelfSigned(const std::string& certFile, const std::string& keyFile,
                                        const std::string& host)
{
    KeyPtr key(EVP_EC_gen("P-256"));
    if (!key)
        fail("cannot generate an ECDSA P-256 key");

    X509Ptr cert(X509_new());
    if (!cert || !X509_set_version(cert.get(), 2)) // v3
        fail("X509_new");
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1)
        fail("RAND_bytes");
    serial[0] &= 0x7f; // a positive serial number
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    if (!bn || !BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()))) {
        BN_free(bn);
        fail("serial number");
    }
    BN_free(bn);
    // Valid from an hour ago, so a client whose clock runs a little behind accepts it at once.
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValiditySeconds);
    if (!X509_set_pubkey(cert.get(), key.get()))
        fail("X509_set_pubkey");

    const std::string cn = host.substr(0, 64);
    X509_NAME* name = X509_get_subject_name(cert.get());
    if (!X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("Nestbox"), -1, -1, 0)
        || !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                                       0))
        fail("certificate subject");
    if (!X509_set_issuer_name(cert.get(), name))
        fail("certificate issuer");

    std::string san;
    if (dnsSafe(host) && host != "localhost") {
        san += "DNS:" + host + ",";
        if (host.find('.') == std::string::npos)
            san += "DNS:" + host + ".local,";
    }
    san += "DNS:localhost,IP:127.0.0.1,IP:::1";
    addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE");
    addExtension(cert.get(), NID_key_usage, "critical,digitalSignature");
    addExtension(cert.get(), NID_ext_key_usage, "serverAuth");
    addExtension(cert.get(), NID_subject_key_identifier, "hash");
    addExtension(cert.get(), NID_subject_alt_name, san);
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0)
        fail("cannot sign the certificate");

    BioPtr keyOut(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_PrivateKey(keyOut.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr))
        fail("PEM_write_bio_PrivateKey");
    BioPtr certOut(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_X509(certOut.get(), cert.get()))
        fail("PEM_write_bio_X509");
    // The key first: a certificate on disk always has its key beside it.
    writeAtomically(keyFile, bioText(keyOut.get()), 0600);
    writeAtomically(certFile, bioText(certOut.get()), 0644);
}

} // namespace nestbox::server
