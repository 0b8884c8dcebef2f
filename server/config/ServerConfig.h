#pragma once

#include "nestbox/ChunkPlan.h"

#include <cstdint>
#include <string>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace nestbox::server {

// Every setting of nestboxd, read once at start (docs/CONFIGURATION.md lists the keys).
struct ServerConfig {
    std::string dataDir;
    std::string dbUrl;
    std::string dbPassword; // overrides the password in a mysql:// URL when set
    int dbPoolSize = 16;
    std::string storageUrl; // empty or file:// = local store; s3://bucket?... = tiered
    std::string storageAccessKey;
    std::string storageSecretKey;
    std::string redisUrl;
    std::string redisPassword;

    std::string httpHost = "127.0.0.1";
    int httpPort = 8080;
    std::string httpPortFile;
    int httpThreads = 32;
    int httpQueue = 128;
    int httpTimeoutSeconds = 60;
    int httpKeepAliveSeconds = 15;
    std::size_t maxUriLength = 4096;
    std::size_t maxJsonBytes = 1 << 20;

    std::string serverName; // "Nestbox on <hostname>" unless configured
    std::string role = "all";
    bool signupOpen = true;

    std::int64_t tokenIdleSeconds = 30LL * 24 * 3600;
    std::int64_t tokenAbsoluteSeconds = 90LL * 24 * 3600;
    std::uint32_t argon2MemoryKib = 19456;
    std::uint32_t argon2Iterations = 2;
    int loginMaxFailuresAccount = 5;
    int loginMaxFailuresAddress = 20;
    int loginWindowSeconds = 900;

    ChunkLimits limits;
    std::int64_t defaultQuotaBytes = 0;
    std::int64_t uploadExpirySeconds = 7LL * 24 * 3600;
    std::int64_t uploadCleanupIntervalSeconds = 3600;
    bool dedupGlobal = true;

    // Image processing (thumbnails, previews, capture dates) in the nestbox-thumbnailer process.
    std::string thumbnailer; // empty = next to nestboxd
    std::int64_t thumbnailMaxPixels = 100'000'000;
    int thumbnailMemoryMb = 1024;
    int thumbnailTimeoutSeconds = 60;
    int jobWorkers = 2;
    int thumbnailWorkers = 2; // long-lived nestbox-thumbnailer processes
    std::int64_t jobLeaseSeconds = 300; // a job whose worker is silent this long is given to another
    std::string queueUrl = "db";        // db | redis://host:port[/db] | amqp://user:pass@host:port/vhost

    // HTTPS listener (beside the plain one) and the certificate it serves; see TlsCertificate.
    bool tlsEnabled = false;
    std::string tlsHost = "0.0.0.0";
    int tlsPort = 8443;
    std::string tlsPortFile;
    std::string tlsCertFile; // data.dir/tls/cert.pem unless configured
    std::string tlsKeyFile;  // data.dir/tls/key.pem unless configured
    bool tlsCertConfigured = false; // tls.cert_file or tls.key_file given: never generated, must exist

    // DNS-SD/mDNS announcement of the HTTPS listener through Avahi (only when TLS is on).
    bool discoveryEnabled = true;

    bool metricsEnabled = true;
    std::string metricsToken;
    std::string logLevel = "information";

    // Reads every key from `config` (file, NESTBOX_* environment and -D flags already layered
    // into it); throws Poco::Exception with a readable message for a bad value.
    static ServerConfig load(const Poco::Util::AbstractConfiguration& config);

    // $XDG_DATA_HOME/nestbox/server, or ~/.local/share/nestbox/server.
    static std::string defaultDataDir();
};

} // namespace nestbox::server
